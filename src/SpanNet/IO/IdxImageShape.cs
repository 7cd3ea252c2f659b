namespace SpanNet.IO;

/// <summary>The shape of an IDX image file: <paramref name="Count"/> images of <paramref name="Rows"/> × <paramref name="Columns"/> pixels.</summary>
/// <param name="Count">Images in the file.</param>
/// <param name="Rows">Pixel rows per image.</param>
/// <param name="Columns">Pixel columns per image.</param>
public readonly record struct IdxImageShape(int Count, int Rows, int Columns)
{
    /// <summary>Pixels per image, <c>Rows · Columns</c>: one image's length in a row-major batch.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>Pixels in the whole file, <c>Count · Rows · Columns</c>.</summary>
    public int Length => Count * Rows * Columns;
}
