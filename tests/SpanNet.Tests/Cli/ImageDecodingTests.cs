using System;
using System.IO;
using SpanNet.Cli.Images;
using Xunit;

namespace SpanNet.Tests.Cli;

public class ImageDecodingTests
{
    // 8-bit samples divided by 255 are exact to float rounding.
    private const float SampleTolerance = 1e-6f;

    [Fact]
    public void Png_gray_round_trips_through_every_filter_type()
    {
        byte[] pixels = RandomBytes(7 * 11, seed: 1);
        GrayImage image = PngDecoder.Decode(PngWriter.Gray(7, 11, pixels), "gray.png");

        Assert.Equal(7, image.Width);
        Assert.Equal(11, image.Height);
        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, image.Pixels[i], SampleTolerance);
        }
    }

    [Fact]
    public void Png_rgb_becomes_rec601_luma()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0];
        GrayImage image = PngDecoder.Decode(PngWriter.Encode(5, 1, colorType: 2, bytesPerPixel: 3, rgb), "rgb.png");

        Assert.Equal([0.299f, 0.587f, 0.114f, 1f, 0f], image.Pixels, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void Png_alpha_is_composited_over_white()
    {
        byte[] rgba = [0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 51];
        byte[] grayAlpha = [0, 255, 0, 0, 0, 51];
        GrayImage fromRgba = PngDecoder.Decode(PngWriter.Encode(3, 1, colorType: 6, bytesPerPixel: 4, rgba), "rgba.png");
        GrayImage fromGrayAlpha = PngDecoder.Decode(PngWriter.Encode(3, 1, colorType: 4, bytesPerPixel: 2, grayAlpha), "ga.png");

        Assert.Equal([0f, 1f, 0.8f], fromRgba.Pixels, (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal([0f, 1f, 0.8f], fromGrayAlpha.Pixels, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void Png_problems_are_invalid_data_naming_the_file()
    {
        byte[] good = PngWriter.Gray(4, 4, RandomBytes(16, seed: 2));
        byte[] corrupt = (byte[])good.Clone();
        corrupt[^20] ^= 0xFF;

        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(corrupt, "c.png")).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(good[..^15], "t.png")).Message, StringComparison.Ordinal);
        Assert.Contains("interlaced", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(PngWriter.Encode(4, 4, 0, 1, new byte[16], interlaced: true), "i.png")).Message, StringComparison.Ordinal);
        Assert.Contains("'t.png'", Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(good[..^15], "t.png")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pgm_binary_and_ascii_decode_with_their_maxval()
    {
        byte[] pixels = RandomBytes(6, seed: 3);
        GrayImage binary = PgmDecoder.Decode(PgmWriter.Binary(3, 2, pixels), "b.pgm");
        GrayImage ascii = PgmDecoder.Decode(PgmWriter.Ascii(2, 2, 15, [0, 15, 5, 10]), "a.pgm");

        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, binary.Pixels[i], SampleTolerance);
        }

        Assert.Equal([0f, 1f, 1f / 3, 2f / 3], ascii.Pixels, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Pgm_problems_are_invalid_data()
    {
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => PgmDecoder.Decode(PgmWriter.Binary(3, 3, new byte[9])[..^2], "t.pgm")).Message, StringComparison.Ordinal);
        Assert.Contains("exceeds maxval", Assert.Throws<InvalidDataException>(() => PgmDecoder.Decode(PgmWriter.Ascii(1, 1, 7, [9]), "m.pgm")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dark_digit_on_a_light_ground_is_inverted_and_a_large_picture_area_averaged_to_28_by_28()
    {
        // 56 × 56 white picture with a black 2 × 2 block at (10, 20): after inversion and halving, one pixel at (5, 10) is 1.
        float[] pixels = new float[56 * 56];
        Array.Fill(pixels, 1f);
        for (int y = 20; y < 22; y++)
        {
            for (int x = 10; x < 12; x++)
            {
                pixels[(y * 56) + x] = 0f;
            }
        }

        PreparedDigit digit = DigitPreparation.Prepare(new GrayImage(56, 56, pixels, "test"), InvertMode.Auto);

        Assert.True(digit.Inverted);
        Assert.True(digit.Resized);
        Assert.Equal(784, digit.Pixels.Length);
        Assert.Equal(1f, digit.Pixels[(10 * 28) + 5], 1e-6f);
        Assert.Equal(1f, Sum(digit.Pixels), 1e-5f);
    }

    [Fact]
    public void A_wide_picture_is_padded_to_a_square_before_resizing()
    {
        float[] pixels = new float[56 * 28];
        Array.Fill(pixels, 1f);

        PreparedDigit digit = DigitPreparation.Prepare(new GrayImage(56, 28, pixels, "test"), InvertMode.Never);

        // The 56 × 28 light band fills rows 7 to 20 after halving; the padding above and below stays dark.
        Assert.Equal(0f, digit.Pixels[(3 * 28) + 14]);
        Assert.Equal(1f, digit.Pixels[(14 * 28) + 14], 1e-6f);
        Assert.Equal(28 * 14, Sum(digit.Pixels), 1e-3f);
    }

    private static float Sum(float[] values)
    {
        float sum = 0;
        foreach (float value in values)
        {
            sum += value;
        }

        return sum;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
