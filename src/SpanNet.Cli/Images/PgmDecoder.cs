using System;
using System.IO;
using System.Text;

namespace SpanNet.Cli.Images;

/// <summary>Reads Netpbm graymaps: <c>P2</c> (ASCII) and <c>P5</c> (binary), any maxval up to 65535, with comments.</summary>
/// <remarks>
/// The header is checked against <see cref="ImageLimits"/>, and the picture is allocated only once the file is long
/// enough to hold it: width × height × bytes per sample after a P5 header, at least two bytes per sample (a digit and
/// a separator) after a P2 one. Every problem is an <see cref="InvalidDataException"/> naming the file.
/// </remarks>
internal static class PgmDecoder
{
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == (byte)'P' && (bytes[1] == (byte)'2' || bytes[1] == (byte)'5');

    public static GrayImage Decode(byte[] bytes, string name)
    {
        if (!HasSignature(bytes))
        {
            throw Invalid(name, "it does not start with P2 or P5");
        }

        bool binary = bytes[1] == (byte)'5';
        int at = 2;
        int width = ReadNumber(bytes, ref at, name, "width");
        int height = ReadNumber(bytes, ref at, name, "height");
        int maxValue = ReadNumber(bytes, ref at, name, "maxval");
        if (maxValue is < 1 or > ushort.MaxValue)
        {
            throw Invalid(name, $"its maxval is {maxValue}; it must be 1 to {ushort.MaxValue}");
        }

        if (!ImageLimits.Admits(width, height))
        {
            throw Invalid(name, ImageLimits.Describe(width, height));
        }

        long count = (long)width * height;
        int bytesPerSample = maxValue > byte.MaxValue ? 2 : 1;
        if (binary)
        {
            // Exactly one whitespace byte separates the header from the raster.
            at++;
            long needed = count * bytesPerSample;
            if (bytes.Length - at < needed)
            {
                throw Invalid(name, $"the raster is truncated: {width} × {height} pixels need {needed} bytes, {Math.Max(0, bytes.Length - at)} follow");
            }
        }
        else if (bytes.Length - at < (2 * count) - 1)
        {
            throw Invalid(name, $"the raster is truncated: {width} × {height} ASCII samples need at least {(2 * count) - 1} bytes, {Math.Max(0, bytes.Length - at)} follow");
        }

        float[] pixels = new float[count];
        if (binary)
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                int sample = bytesPerSample == 1 ? bytes[at + i] : (bytes[at + (2 * i)] << 8) | bytes[at + (2 * i) + 1];
                pixels[i] = Sample(sample, maxValue, name);
            }
        }
        else
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = Sample(ReadNumber(bytes, ref at, name, $"pixel {i}"), maxValue, name);
            }
        }

        return new GrayImage(width, height, pixels, binary ? "PGM (P5)" : "PGM (P2)");
    }

    private static float Sample(int value, int maxValue, string name) =>
        value <= maxValue ? (float)value / maxValue : throw Invalid(name, $"a pixel value {value} exceeds maxval {maxValue}");

    /// <summary>Skips whitespace and <c>#</c> comments, then reads a decimal number.</summary>
    private static int ReadNumber(byte[] bytes, ref int at, string name, string what)
    {
        while (at < bytes.Length)
        {
            if (bytes[at] == (byte)'#')
            {
                while (at < bytes.Length && bytes[at] != (byte)'\n')
                {
                    at++;
                }
            }
            else if (char.IsWhiteSpace((char)bytes[at]))
            {
                at++;
            }
            else
            {
                break;
            }
        }

        long value = 0;
        int start = at;
        while (at < bytes.Length && bytes[at] >= (byte)'0' && bytes[at] <= (byte)'9' && value <= int.MaxValue)
        {
            value = (value * 10) + (bytes[at] - '0');
            at++;
        }

        if (at == start || value > int.MaxValue)
        {
            string found = at < bytes.Length ? $"'{Encoding.ASCII.GetString(bytes, at, 1)}'" : "the end of the file";
            throw Invalid(name, $"expected the {what} as a number, found {found}");
        }

        return (int)value;
    }

    private static InvalidDataException Invalid(string name, string problem) => new($"PGM file '{name}': {problem}.");
}
