using System;
using System.Globalization;
using SpanNet.Training;

namespace SpanNet.Cli.Data;

/// <summary>
/// Splits off the last fraction of the training images as a validation set, as Keras' <c>validation_split</c> does:
/// deterministic, independent of the seed, and never touching the test set, which early stopping must not see.
/// </summary>
internal static class HeldOutSplit
{
    public static (LabeledDataset Train, LabeledDataset? Validation) Split(LabeledDataset images, float fraction)
    {
        int held = (int)Math.Round(images.Count * fraction);
        if (fraction > 0 && held == 0)
        {
            held = 1;
        }

        if (held == 0)
        {
            return (images, null);
        }

        int kept = images.Count - held;
        if (kept < 1)
        {
            throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"--validation-split {fraction} leaves no training image out of {images.Count}."));
        }

        return (images.Slice(0, kept), images.Slice(kept, held));
    }
}
