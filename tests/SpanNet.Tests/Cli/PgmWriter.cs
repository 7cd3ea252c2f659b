using System.Globalization;
using System.IO;
using System.Text;

namespace SpanNet.Tests.Cli;

/// <summary>Writes PGM graymaps for the decoder tests.</summary>
internal static class PgmWriter
{
    /// <summary>A binary (P5) graymap with maxval 255 and a comment in its header.</summary>
    public static byte[] Binary(int width, int height, byte[] pixels)
    {
        using var file = new MemoryStream();
        file.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n# written by the tests\n{width} {height}\n255\n")));
        file.Write(pixels);
        return file.ToArray();
    }

    /// <summary>An ASCII (P2) graymap with the given maxval.</summary>
    public static byte[] Ascii(int width, int height, int maxValue, int[] pixels)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"P2\n{width} {height} # size\n{maxValue}\n"));
        for (int i = 0; i < pixels.Length; i++)
        {
            text.Append(pixels[i].ToString(CultureInfo.InvariantCulture)).Append(i % width == width - 1 ? '\n' : ' ');
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
