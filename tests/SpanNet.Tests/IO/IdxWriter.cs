using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace SpanNet.Tests.IO;

/// <summary>Writes small IDX files, well-formed or not, for the reader and loader tests.</summary>
internal static class IdxWriter
{
    /// <summary>An unsigned-byte IDX file with the given dimensions and data, which need not agree.</summary>
    public static byte[] Encode(int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    public static byte[] Images(int count, int rows, int columns, byte[] pixels) => Encode([count, rows, columns], pixels);

    public static byte[] Labels(byte[] labels) => Encode([labels.Length], labels);

    /// <summary>Deterministic pixel bytes that include 0 and 255.</summary>
    public static byte[] Pixels(int length, int seed)
    {
        var pixels = new byte[length];
        new Random(seed).NextBytes(pixels);
        pixels[0] = 0;
        pixels[^1] = 255;
        return pixels;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return compressed.ToArray();
    }

    public static string Write(string directory, string name, byte[] bytes)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
