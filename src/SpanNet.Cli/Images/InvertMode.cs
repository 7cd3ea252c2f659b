namespace SpanNet.Cli.Images;

/// <summary>Whether <c>spannet predict</c> flips a picture's brightness to MNIST's light digit on a dark ground.</summary>
internal enum InvertMode
{
    /// <summary>Invert when the border is mostly light, i.e. a dark digit on a light ground.</summary>
    Auto,

    Always,

    Never,
}
