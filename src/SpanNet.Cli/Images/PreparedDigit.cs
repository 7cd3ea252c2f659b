namespace SpanNet.Cli.Images;

/// <summary>A picture made ready for an MNIST classifier.</summary>
/// <param name="Pixels">28 × 28 values in [0, 1], light digit on dark ground.</param>
/// <param name="Inverted">Whether the brightness was flipped.</param>
/// <param name="Resized">Whether the picture was resampled to 28 × 28.</param>
internal sealed record PreparedDigit(float[] Pixels, bool Inverted, bool Resized);
