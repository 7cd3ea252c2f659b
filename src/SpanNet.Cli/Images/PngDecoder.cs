using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace SpanNet.Cli.Images;

/// <summary>
/// A minimal PNG decoder for digit pictures: non-interlaced, 8- or 16-bit grayscale, gray + alpha, RGB and RGBA, and
/// 8-bit palette images (with tRNS transparency). Chunk CRCs are checked; the pixel data is inflated with
/// <see cref="ZLibStream"/> and unfiltered by the five PNG filters. Colour becomes luma (Rec. 601), and transparent
/// pixels are composited over white, since a digit drawn on a transparent canvas is dark ink on nothing.
/// </summary>
internal static class PngDecoder
{
    private const int MaxDimension = 1 << 14;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private enum ColorType
    {
        Gray = 0,
        Rgb = 2,
        Palette = 3,
        GrayAlpha = 4,
        Rgba = 6,
    }

    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    public static GrayImage Decode(byte[] bytes, string name)
    {
        if (!HasSignature(bytes))
        {
            throw Invalid(name, "it does not start with the PNG signature");
        }

        Header? header = null;
        byte[]? palette = null;
        byte[]? paletteAlpha = null;
        using var compressed = new MemoryStream();
        int at = Signature.Length;
        bool ended = false;
        while (!ended)
        {
            if (bytes.Length - at < 12)
            {
                throw Invalid(name, "it ends before the IEND chunk (truncated)");
            }

            int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            if (length < 0 || length > bytes.Length - at - 12)
            {
                throw Invalid(name, $"a chunk at byte {at} claims {length} bytes, more than the file holds (truncated)");
            }

            ReadOnlySpan<byte> typeAndData = bytes.AsSpan(at + 4, 4 + length);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 8 + length));
            string type = System.Text.Encoding.ASCII.GetString(typeAndData[..4]);
            if (PngCrc.Compute(typeAndData) != storedCrc)
            {
                throw Invalid(name, $"the {type} chunk at byte {at} fails its CRC check (corrupt)");
            }

            ReadOnlySpan<byte> data = typeAndData[4..];
            switch (type)
            {
                case "IHDR":
                    header = ReadHeader(data, name);
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    paletteAlpha = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    // Ancillary chunks (gamma, text, physical size) do not change the digit's pixels.
                    break;
            }

            at += 12 + length;
        }

        if (header is not Header h)
        {
            throw Invalid(name, "it has no IHDR chunk");
        }

        if (h.Color == ColorType.Palette && palette is null)
        {
            throw Invalid(name, "it is a palette image without a PLTE chunk");
        }

        byte[] raw = Inflate(compressed, h, name);
        Unfilter(raw, h, name);
        return ToGray(raw, h, palette, paletteAlpha, name);
    }

    private static Header ReadHeader(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length != 13)
        {
            throw Invalid(name, $"its IHDR chunk has {data.Length} bytes, not 13");
        }

        int width = BinaryPrimitives.ReadInt32BigEndian(data);
        int height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
        int bitDepth = data[8];
        var color = (ColorType)data[9];
        if (width < 1 || height < 1 || width > MaxDimension || height > MaxDimension)
        {
            throw Invalid(name, $"it is {width} × {height} pixels; up to {MaxDimension} × {MaxDimension} is supported");
        }

        int channels = color switch
        {
            ColorType.Gray or ColorType.Palette => 1,
            ColorType.GrayAlpha => 2,
            ColorType.Rgb => 3,
            ColorType.Rgba => 4,
            _ => throw Invalid(name, $"colour type {data[9]} is not a PNG colour type"),
        };
        bool supportedDepth = color == ColorType.Palette ? bitDepth == 8 : bitDepth is 8 or 16;
        if (!supportedDepth)
        {
            throw Invalid(name, $"{bitDepth}-bit {color} images are not supported (8-bit, or 16-bit for non-palette images)");
        }

        if (data[10] != 0 || data[11] != 0)
        {
            throw Invalid(name, "it uses an unknown compression or filter method");
        }

        if (data[12] != 0)
        {
            throw Invalid(name, "it is interlaced (Adam7), which is not supported; save it without interlacing");
        }

        return new Header(width, height, bitDepth, color, channels * (bitDepth / 8));
    }

    private static byte[] Inflate(MemoryStream compressed, Header header, string name)
    {
        long expected = (long)header.Height * (1 + ((long)header.Width * header.BytesPerPixel));
        byte[] raw = new byte[expected];
        compressed.Position = 0;
        try
        {
            using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
            int read = inflater.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (read < raw.Length)
            {
                throw Invalid(name, $"its image data inflates to {read} bytes, short of the {raw.Length} its size needs (truncated)");
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("PNG", StringComparison.Ordinal))
        {
            throw Invalid(name, $"its image data is not valid zlib data ({e.Message})");
        }

        return raw;
    }

    /// <summary>Undoes the per-scanline filters in place; each scanline keeps its leading filter-type byte.</summary>
    private static void Unfilter(byte[] raw, Header header, string name)
    {
        int bpp = header.BytesPerPixel;
        int stride = header.Width * bpp;
        for (int y = 0; y < header.Height; y++)
        {
            int row = y * (stride + 1);
            int filter = raw[row];
            Span<byte> line = raw.AsSpan(row + 1, stride);
            ReadOnlySpan<byte> previous = y == 0 ? ReadOnlySpan<byte>.Empty : raw.AsSpan(row - stride, stride);
            for (int i = 0; i < stride; i++)
            {
                int left = i >= bpp ? line[i - bpp] : 0;
                int up = previous.IsEmpty ? 0 : previous[i];
                int upLeft = previous.IsEmpty || i < bpp ? 0 : previous[i - bpp];
                int predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw Invalid(name, $"scanline {y} has filter type {filter}; PNG defines 0 to 4"),
                };
                line[i] = (byte)(line[i] + predictor);
            }
        }
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static GrayImage ToGray(byte[] raw, Header header, byte[]? palette, byte[]? paletteAlpha, string name)
    {
        int stride = header.Width * header.BytesPerPixel;
        int sampleBytes = header.BitDepth / 8;
        float maxSample = header.BitDepth == 8 ? byte.MaxValue : ushort.MaxValue;
        float[] pixels = new float[header.Width * header.Height];
        for (int y = 0; y < header.Height; y++)
        {
            ReadOnlySpan<byte> line = raw.AsSpan((y * (stride + 1)) + 1, stride);
            for (int x = 0; x < header.Width; x++)
            {
                ReadOnlySpan<byte> pixel = line.Slice(x * header.BytesPerPixel, header.BytesPerPixel);
                pixels[(y * header.Width) + x] = header.Color switch
                {
                    ColorType.Gray => Sample(pixel, 0, sampleBytes, maxSample),
                    ColorType.GrayAlpha => OverWhite(Sample(pixel, 0, sampleBytes, maxSample), Sample(pixel, 1, sampleBytes, maxSample)),
                    ColorType.Rgb => Luma(Sample(pixel, 0, sampleBytes, maxSample), Sample(pixel, 1, sampleBytes, maxSample), Sample(pixel, 2, sampleBytes, maxSample)),
                    ColorType.Rgba => OverWhite(
                        Luma(Sample(pixel, 0, sampleBytes, maxSample), Sample(pixel, 1, sampleBytes, maxSample), Sample(pixel, 2, sampleBytes, maxSample)),
                        Sample(pixel, 3, sampleBytes, maxSample)),
                    _ => PaletteGray(pixel[0], palette!, paletteAlpha, name),
                };
            }
        }

        string color = header.Color switch
        {
            ColorType.Gray => "grayscale",
            ColorType.GrayAlpha => "grayscale + alpha",
            ColorType.Rgb => "RGB",
            ColorType.Rgba => "RGBA",
            _ => "palette",
        };
        return new GrayImage(header.Width, header.Height, pixels, $"PNG {header.BitDepth}-bit {color}");
    }

    /// <summary>Channel <paramref name="channel"/> of a pixel, scaled to [0, 1]; 16-bit samples are big-endian.</summary>
    private static float Sample(ReadOnlySpan<byte> pixel, int channel, int sampleBytes, float maxSample) =>
        (sampleBytes == 1 ? pixel[channel] : BinaryPrimitives.ReadUInt16BigEndian(pixel[(2 * channel)..])) / maxSample;

    private static float PaletteGray(int index, byte[] palette, byte[]? alpha, string name)
    {
        if ((3 * index) + 2 >= palette.Length)
        {
            throw Invalid(name, $"a pixel uses palette entry {index}, but the palette has {palette.Length / 3}");
        }

        float gray = Luma(palette[3 * index] / 255f, palette[(3 * index) + 1] / 255f, palette[(3 * index) + 2] / 255f);
        return alpha is not null && index < alpha.Length ? OverWhite(gray, alpha[index] / 255f) : gray;
    }

    private static float Luma(float red, float green, float blue) => (0.299f * red) + (0.587f * green) + (0.114f * blue);

    private static float OverWhite(float gray, float alpha) => (gray * alpha) + (1f - alpha);

    private static InvalidDataException Invalid(string name, string problem) => new($"PNG file '{name}': {problem}.");

    private readonly record struct Header(int Width, int Height, int BitDepth, ColorType Color, int BytesPerPixel);
}
