using System;

namespace SpanNet.Cli.Images;

/// <summary>A grayscale picture: <see cref="Width"/> × <see cref="Height"/> pixels, row-major, 0 black to 1 white.</summary>
internal sealed class GrayImage
{
    public GrayImage(int width, int height, float[] pixels, string format)
    {
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException($"{width} × {height} pixels do not fill {pixels.Length} values.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
        Format = format;
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Pixels { get; }

    /// <summary>What the file was, for messages, e.g. <c>PNG 8-bit RGBA</c>.</summary>
    public string Format { get; }

    public float this[int x, int y] => Pixels[(y * Width) + x];
}
