using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using SpanNet.IO;

namespace SpanNet.Tests.Cli;

/// <summary>Writes small PNGs for the decoder tests, cycling the scanlines through all five filter types.</summary>
internal static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>An 8-bit grayscale PNG.</summary>
    public static byte[] Gray(int width, int height, byte[] pixels) => Encode(width, height, colorType: 0, bytesPerPixel: 1, pixels);

    /// <summary>An 8-bit PNG of the given colour type (2 RGB, 4 gray + alpha, 6 RGBA) from raw interleaved samples.</summary>
    public static byte[] Encode(int width, int height, byte colorType, int bytesPerPixel, byte[] samples, bool interlaced = false)
    {
        using var file = new MemoryStream();
        file.Write(Signature);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = colorType;
        header[12] = interlaced ? (byte)1 : (byte)0;
        Chunk(file, "IHDR", header);
        Chunk(file, "tEXt", Encoding.ASCII.GetBytes("Comment\0ignored by the decoder"));
        Chunk(file, "IDAT", Compress(Filter(width * bytesPerPixel, height, bytesPerPixel, samples)));
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A PNG whose IHDR says whatever it is told, followed by <paramref name="idat"/> as its only image data.</summary>
    public static byte[] WithHeader(int width, int height, byte bitDepth, byte colorType, byte[] idat)
    {
        using var file = new MemoryStream();
        file.Write(Signature);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", idat);
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>The zlib stream of <paramref name="raw"/>.</summary>
    public static byte[] Zlib(byte[] raw) => Compress(raw);

    /// <summary>Scanline y gets filter type y mod 5, so every filter is exercised on any image of five rows or more.</summary>
    private static byte[] Filter(int stride, int height, int bpp, byte[] samples)
    {
        byte[] filtered = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++)
        {
            int type = y % 5;
            filtered[y * (stride + 1)] = (byte)type;
            for (int i = 0; i < stride; i++)
            {
                int value = samples[(y * stride) + i];
                int left = i >= bpp ? samples[(y * stride) + i - bpp] : 0;
                int up = y > 0 ? samples[((y - 1) * stride) + i] : 0;
                int upLeft = y > 0 && i >= bpp ? samples[((y - 1) * stride) + i - bpp] : 0;
                int predictor = type switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    _ => Paeth(left, up, upLeft),
                };
                filtered[(y * (stride + 1)) + 1 + i] = (byte)(value - predictor);
            }
        }

        return filtered;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] Compress(byte[] raw)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return compressed.ToArray();
    }

    private static void Chunk(MemoryStream file, string type, byte[] data)
    {
        byte[] length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        file.Write(typeAndData);
        byte[] crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(typeAndData));
        file.Write(crc);
    }
}
