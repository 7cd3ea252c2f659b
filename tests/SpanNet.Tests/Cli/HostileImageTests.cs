using System;
using System.IO;
using System.Text;
using SpanNet.Cli.Images;
using Xunit;

namespace SpanNet.Tests.Cli;

/// <summary>
/// Crafted picture headers (issue #11): each is rejected with <see cref="InvalidDataException"/> naming the file,
/// before the decoder allocates anything sized by the header.
/// </summary>
public sealed class HostileImageTests
{
    /// <summary>Room for the decoder's own small arrays, the chunk copy and the exception; far below any picture the headers claim.</summary>
    private const long SmallAllocation = 256 * 1024;

    [Theory]
    [InlineData(16384, 16384, 16, 6)]
    [InlineData(16384, 16384, 8, 0)]
    [InlineData(16384, 16384, 8, 6)]
    [InlineData(8192, 8192, 8, 0)]
    [InlineData(int.MaxValue, 1, 8, 0)]
    [InlineData(1, -5, 8, 0)]
    public void A_png_header_beyond_the_limits_is_rejected_without_allocating_the_picture(int width, int height, byte depth, byte color)
    {
        byte[] png = PngWriter.WithHeader(width, height, depth, color, [0x78, 0x9C, 0x03, 0x00]);
        Assert.InRange(png.Length, 45, 70);
        (InvalidDataException error, long allocated) = Reject(() => PngDecoder.Decode(png, "hostile.png"));
        Assert.Contains("'hostile.png'", error.Message, StringComparison.Ordinal);
        Assert.Contains("pixels", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, SmallAllocation);
    }

    /// <summary>
    /// The zlib header of the image data (found by the AFL harness: 0x78 0x20, a preset dictionary with valid check
    /// bits, made the inflater throw ZLibException, which is not the documented exception).
    /// </summary>
    [Theory]
    [InlineData(0x78, 0x20, "preset dictionary")]
    [InlineData(0x78, 0x9D, "check bits")]
    [InlineData(0x79, 0x9C, "not zlib's deflate")]
    [InlineData(0x88, 0x1C, "not zlib's deflate")]
    public void A_png_whose_zlib_header_is_not_what_png_allows_is_rejected_as_invalid_data(byte method, byte flags, string reason)
    {
        byte[] zlib = PngWriter.Zlib(new byte[2 * (1 + 2)]);
        zlib[0] = method;
        zlib[1] = flags;
        byte[] png = PngWriter.WithHeader(2, 2, 8, 0, zlib);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png, "dictionary.png"));
        Assert.Contains("'dictionary.png'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_with_a_single_byte_of_image_data_is_rejected_as_truncated()
    {
        byte[] png = PngWriter.WithHeader(1, 1, 8, 0, [0x78]);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png, "short.png"));
        Assert.Contains("too few for a zlib header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_within_the_limits_whose_data_cannot_fill_it_is_rejected_before_allocating()
    {
        // 4096 × 4096 RGBA: 64 MiB of scanlines promised by a 7-byte zlib stream.
        byte[] png = PngWriter.WithHeader(4096, 4096, 8, 6, PngWriter.Zlib(new byte[1]));
        (InvalidDataException error, long allocated) = Reject(() => PngDecoder.Decode(png, "liar.png"));
        Assert.Contains("cannot inflate", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, SmallAllocation);
    }

    [Fact]
    public void A_png_whose_data_is_plausible_but_short_is_rejected_having_inflated_only_what_is_there()
    {
        // 2000 × 2000 gray promises 4 MB of scanlines; four scanlines of noise (filter type 0) do not compress, so the
        // data is plausible by its size and still far too little once inflated.
        var random = new Random(3);
        byte[] scanlines = new byte[4 * 2001];
        random.NextBytes(scanlines);
        for (int row = 0; row < 4; row++)
        {
            scanlines[row * 2001] = 0;
        }

        byte[] png = PngWriter.WithHeader(2000, 2000, 8, 0, PngWriter.Zlib(scanlines));
        (InvalidDataException error, long allocated) = Reject(() => PngDecoder.Decode(png, "short.png"));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);

        // The 16 MB picture buffer is allocated once the data size is plausible, but never the 4 MB of scanlines.
        Assert.InRange(allocated, (2000L * 2000 * sizeof(float)) - 1, (2000L * 2000 * sizeof(float)) + SmallAllocation);
    }

    [Theory]
    [InlineData("P5\n46340 46340\n255\n")]
    [InlineData("P5\n65536 65536\n255\n")]
    [InlineData("P5\n8193 1\n255\n")]
    [InlineData("P5\n4096 4096\n255\n\0\0\0\0")]
    [InlineData("P5\n4096 4096\n65535\n\0\0\0\0")]
    [InlineData("P2\n4096 4096\n255\n0 0 0 0")]
    [InlineData("P5\n2 2\n0\n\0\0\0\0")]
    [InlineData("P5\n2 2\n65536\n\0\0\0\0")]
    public void A_pgm_header_the_file_cannot_fill_is_rejected_without_allocating_the_picture(string file)
    {
        byte[] pgm = Encoding.ASCII.GetBytes(file);
        (InvalidDataException error, long allocated) = Reject(() => PgmDecoder.Decode(pgm, "hostile.pgm"));
        Assert.Contains("'hostile.pgm'", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, SmallAllocation);
    }

    [Fact]
    public void A_pgm_needing_two_bytes_per_sample_must_hold_them_all()
    {
        byte[] pgm = [.. "P5\n2 2\n1000\n"u8, 0, 1, 0, 2, 0, 3, 0];
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => PgmDecoder.Decode(pgm, "wide.pgm")).Message, StringComparison.Ordinal);
        GrayImage image = PgmDecoder.Decode([.. pgm, 4], "wide.pgm");
        Assert.Equal([0.001f, 0.002f, 0.003f, 0.004f], image.Pixels);
    }

    [Theory]
    [InlineData(8192, 1)]
    [InlineData(1, 8192)]
    [InlineData(1, 1)]
    [InlineData(29, 28)]
    [InlineData(100, 37)]
    [InlineData(5, 3)]
    public void Resizing_matches_the_area_average_of_the_padded_square(int width, int height)
    {
        var random = new Random((width * 31) + height);
        float[] pixels = new float[width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }

        PreparedDigit digit = DigitPreparation.Prepare(new GrayImage(width, height, pixels, "test"), InvertMode.Never);
        double[] expected = NaiveAreaAverage(pixels, width, height);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - digit.Pixels[i]) <= 1e-5, $"pixel {i}: {digit.Pixels[i]} vs {expected[i]}");
        }
    }

    /// <summary>The definition, one padded-square pixel at a time: each target pixel is the mean of the square it covers.</summary>
    private static double[] NaiveAreaAverage(float[] pixels, int width, int height)
    {
        const int Target = 28;
        int side = Math.Max(width, height);
        int offsetX = (side - width) / 2, offsetY = (side - height) / 2;
        double scale = (double)side / Target;
        double[] result = new double[Target * Target];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double px = x + offsetX, py = y + offsetY;
                for (int ty = 0; ty < Target; ty++)
                {
                    double coverY = Math.Min(py + 1, (ty + 1) * scale) - Math.Max(py, ty * scale);
                    for (int tx = 0; tx < Target && coverY > 0; tx++)
                    {
                        double coverX = Math.Min(px + 1, (tx + 1) * scale) - Math.Max(px, tx * scale);
                        if (coverX > 0)
                        {
                            result[(ty * Target) + tx] += pixels[(y * width) + x] * coverX * coverY / (scale * scale);
                        }
                    }
                }
            }
        }

        return result;
    }

    private static (InvalidDataException Error, long Allocated) Reject(Func<GrayImage> decode)
    {
        Assert.Throws<InvalidDataException>(() => decode());
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidDataException? error = null;
        try
        {
            decode();
        }
        catch (InvalidDataException e)
        {
            error = e;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(error);
        return (error, allocated);
    }
}
