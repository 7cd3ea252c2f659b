namespace SpanNet.Cli.Images;

/// <summary>
/// The largest picture <c>spannet predict</c> reads (PNG and PGM alike). A digit needs 28 × 28 pixels; these bounds
/// still admit a 12-megapixel phone photo (4032 × 3024) while keeping a hostile header from sizing gigabytes: the
/// decoded picture is at most <see cref="MaxPixels"/> floats (64 MiB), and the decoders allocate it only once the
/// data present could fill it.
/// </summary>
internal static class ImageLimits
{
    /// <summary>The longest side, in pixels.</summary>
    public const int MaxDimension = 8192;

    /// <summary>The most pixels (width × height): 2²⁴, e.g. 4096 × 4096.</summary>
    public const int MaxPixels = 1 << 24;

    /// <summary>Whether <paramref name="width"/> × <paramref name="height"/> is within the limits (checked in 64 bits).</summary>
    public static bool Admits(long width, long height) =>
        width is >= 1 and <= MaxDimension && height is >= 1 and <= MaxDimension && width * height <= MaxPixels;

    public static string Describe(long width, long height) =>
        $"it is {width} × {height} pixels; up to {MaxDimension} pixels a side and {MaxPixels} pixels in all are supported";
}
