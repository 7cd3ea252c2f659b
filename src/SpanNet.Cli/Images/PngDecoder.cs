using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using SpanNet.IO;

namespace SpanNet.Cli.Images;

/// <summary>
/// A minimal PNG decoder for digit pictures: non-interlaced, 8- or 16-bit grayscale, gray + alpha, RGB and RGBA, and
/// 8-bit palette images (with tRNS transparency). Chunk CRCs are checked; the pixel data is inflated with
/// <see cref="ZLibStream"/> and unfiltered by the five PNG filters. Colour becomes luma (Rec. 601), and transparent
/// pixels are composited over white, since a digit drawn on a transparent canvas is dark ink on nothing.
/// </summary>
/// <remarks>
/// Hostile files are bounded before anything is sized from the header: the picture must be within
/// <see cref="ImageLimits"/>; its compressed data must be large enough to inflate to the scanlines the header
/// promises (deflate cannot exceed <see cref="MaxDeflateRatio"/> : 1); and the data is inflated one scanline at a time
/// into two scanline buffers, straight into the gray picture, so memory is the file, two scanlines and the picture.
/// Every problem is an <see cref="InvalidDataException"/> naming the file.
/// </remarks>
internal static class PngDecoder
{
    /// <summary>
    /// Deflate's largest expansion: a 258-byte match coded in 2 bits (1-bit length and distance codes) gives
    /// 258 · 8 / 2 = 1032 bytes out per byte in.
    /// </summary>
    private const long MaxDeflateRatio = 1032;

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
            if (Crc32.Compute(typeAndData) != storedCrc)
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

        long scanlineBytes = (long)h.Height * (1 + ((long)h.Width * h.BytesPerPixel));
        if (compressed.Length * MaxDeflateRatio < scanlineBytes)
        {
            throw Invalid(name, $"its {compressed.Length} bytes of image data cannot inflate to the {scanlineBytes} bytes of {h.Width} × {h.Height} pixels (truncated, or the header is wrong)");
        }

        CheckZlibHeader(compressed.GetBuffer().AsSpan(0, (int)compressed.Length), name);
        return DecodeScanlines(compressed, h, palette, paletteAlpha, name);
    }

    /// <summary>
    /// PNG's image data is one zlib stream: deflate (method 8) with a window of at most 32 KiB, a header whose check
    /// bits hold, and no preset dictionary, which PNG forbids and the inflater would stop for with a ZLibException.
    /// </summary>
    private static void CheckZlibHeader(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 2)
        {
            throw Invalid(name, $"its image data holds {data.Length} bytes, too few for a zlib header (truncated)");
        }

        int method = data[0], flags = data[1];
        if ((method & 0x0F) != 8 || (method >> 4) > 7)
        {
            throw Invalid(name, $"its image data starts 0x{method:X2}, not zlib's deflate with a window of at most 32 KiB");
        }

        if (((method << 8) | flags) % 31 != 0)
        {
            throw Invalid(name, $"its zlib header 0x{method:X2} 0x{flags:X2} fails its check bits (corrupt)");
        }

        if ((flags & 0x20) != 0)
        {
            throw Invalid(name, "its zlib data asks for a preset dictionary, which PNG does not allow");
        }
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
        if (!ImageLimits.Admits(width, height))
        {
            throw Invalid(name, ImageLimits.Describe(width, height));
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

    /// <summary>Inflates, unfilters and converts one scanline at a time; only the previous scanline is kept for the filters.</summary>
    private static GrayImage DecodeScanlines(MemoryStream compressed, Header header, byte[]? palette, byte[]? paletteAlpha, string name)
    {
        int stride = header.Width * header.BytesPerPixel;
        byte[] current = new byte[stride + 1];
        byte[] previous = new byte[stride + 1];
        float[] pixels = new float[header.Width * header.Height];
        compressed.Position = 0;
        using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
        for (int y = 0; y < header.Height; y++)
        {
            int read;
            try
            {
                read = inflater.ReadAtLeast(current, current.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw Invalid(name, $"its image data is not valid zlib data ({e.Message})");
            }

            if (read < current.Length)
            {
                long inflated = ((long)y * current.Length) + read;
                throw Invalid(name, $"its image data inflates to {inflated} bytes, short of the {(long)header.Height * current.Length} its size needs (truncated)");
            }

            Unfilter(current, y == 0 ? null : previous, header.BytesPerPixel, y, name);
            ToGray(current.AsSpan(1), header, palette, paletteAlpha, pixels.AsSpan(y * header.Width, header.Width), name);
            (current, previous) = (previous, current);
        }

        return new GrayImage(header.Width, header.Height, pixels, $"PNG {header.BitDepth}-bit {ColorName(header.Color)}");
    }

    /// <summary>Undoes one scanline's filter in place; <paramref name="scanline"/> starts with its filter-type byte.</summary>
    private static void Unfilter(byte[] scanline, byte[]? previousScanline, int bpp, int y, string name)
    {
        int filter = scanline[0];
        if (filter > 4)
        {
            throw Invalid(name, $"scanline {y} has filter type {filter}; PNG defines 0 to 4");
        }

        Span<byte> line = scanline.AsSpan(1);
        ReadOnlySpan<byte> previous = previousScanline is null ? ReadOnlySpan<byte>.Empty : previousScanline.AsSpan(1);
        for (int i = 0; i < line.Length; i++)
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
                _ => Paeth(left, up, upLeft),
            };
            line[i] = (byte)(line[i] + predictor);
        }
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static void ToGray(ReadOnlySpan<byte> line, Header header, byte[]? palette, byte[]? paletteAlpha, Span<float> row, string name)
    {
        int sampleBytes = header.BitDepth / 8;
        float maxSample = header.BitDepth == 8 ? byte.MaxValue : ushort.MaxValue;
        for (int x = 0; x < row.Length; x++)
        {
            ReadOnlySpan<byte> pixel = line.Slice(x * header.BytesPerPixel, header.BytesPerPixel);
            row[x] = header.Color switch
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

    private static string ColorName(ColorType color) => color switch
    {
        ColorType.Gray => "grayscale",
        ColorType.GrayAlpha => "grayscale + alpha",
        ColorType.Rgb => "RGB",
        ColorType.Rgba => "RGBA",
        _ => "palette",
    };

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
