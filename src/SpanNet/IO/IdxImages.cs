using System;

namespace SpanNet.IO;

/// <summary>
/// The images of one IDX file, row-major and scaled to [0, 1]: image <c>i</c> is
/// <c>Pixels[i·PixelsPerImage .. (i+1)·PixelsPerImage)</c>, each pixel its stored byte divided by 255.
/// </summary>
public sealed class IdxImages
{
    internal IdxImages(float[] pixels, IdxImageShape shape)
    {
        Pixels = pixels;
        Shape = shape;
    }

    /// <summary>Every pixel of every image, <see cref="Count"/> × <see cref="Rows"/> × <see cref="Columns"/>, in [0, 1].</summary>
    public float[] Pixels { get; }

    /// <summary>The file's shape.</summary>
    public IdxImageShape Shape { get; }

    /// <summary>Images in the file.</summary>
    public int Count => Shape.Count;

    /// <summary>Pixel rows per image.</summary>
    public int Rows => Shape.Rows;

    /// <summary>Pixel columns per image.</summary>
    public int Columns => Shape.Columns;

    /// <summary>Pixels per image, <c>Rows · Columns</c>.</summary>
    public int PixelsPerImage => Shape.PixelsPerImage;

    /// <summary>One image's pixels.</summary>
    /// <param name="index">The image, in <c>[0, Count)</c>.</param>
    /// <returns>Its <see cref="PixelsPerImage"/> pixels, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>.</exception>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
