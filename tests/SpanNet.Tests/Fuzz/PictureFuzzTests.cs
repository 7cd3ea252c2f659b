using System;
using System.Buffers.Binary;
using System.IO;
using SpanNet.Cli.Images;
using SpanNet.IO;
using SpanNet.Tests.Cli;
using Xunit;
using Xunit.Abstractions;

namespace SpanNet.Tests.Fuzz;

/// <summary>
/// Mutated PNG and PGM pictures: each decodes (and then prepares as a digit) or is rejected as invalid data, within
/// the time bound, allocating no more than the file, a few scanlines and the picture the data could fill.
/// Half the PNG mutants get their chunk CRCs recomputed, so the mutation reaches the header and pixel checks.
/// </summary>
public sealed class PictureFuzzTests(ITestOutputHelper output)
{
    private const int Mutants = 5000;

    /// <summary>The inflater's buffers, chunk copies, the exception, and the digit preparation's 28 × 28 arrays.</summary>
    private const long Overhead = 256 * 1024;

    [Fact]
    public void Mutated_pngs_decode_or_are_rejected_as_invalid_data()
    {
        byte[][] seeds =
        [
            PngWriter.Gray(6, 5, Pattern(30)),
            PngWriter.Encode(4, 3, colorType: 2, bytesPerPixel: 3, Pattern(36)),
            PngWriter.Encode(3, 3, colorType: 4, bytesPerPixel: 2, Pattern(18)),
            PngWriter.Encode(5, 2, colorType: 6, bytesPerPixel: 4, Pattern(40)),
        ];
        var mutator = new Mutator(seed: 31);
        var run = new FuzzRun<InvalidDataException>("PNG", output);
        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = mutator.Mutate(seeds[i % seeds.Length], start: 8);
            if (i % 2 == 0)
            {
                FixChunkCrcs(mutant);
            }

            // A picture is allocated only when the compressed data could fill it: at most 1032 bytes per byte.
            long pictureBound = Math.Min(ImageLimits.MaxPixels, mutant.Length * 1032L) * sizeof(float);
            long rejectedBound = pictureBound + (4L * mutant.Length) + Overhead;
            run.One(i, () =>
            {
                GrayImage image = PngDecoder.Decode(mutant, "fuzz.png");
                DigitPreparation.Prepare(image, InvertMode.Auto);

                // The picture twice (decoded, then its inverted copy), two scanlines of up to 8 bytes a pixel.
                return (2L * image.Pixels.Length * sizeof(float)) + (2L * ((8L * image.Width) + 1)) + (4L * mutant.Length) + Overhead;
            }, rejectedBound);
        }

        run.Report();
    }

    [Fact]
    public void Mutated_pgms_decode_or_are_rejected_as_invalid_data()
    {
        byte[][] seeds =
        [
            PgmWriter.Binary(6, 5, Pattern(30)),
            PgmWriter.Ascii(4, 3, 1000, [0, 1, 2, 3, 500, 999, 1000, 7, 8, 9, 10, 11]),
            PgmWriter.Ascii(2, 2, 255, [0, 255, 128, 64]),
        ];
        var mutator = new Mutator(seed: 32);
        var run = new FuzzRun<InvalidDataException>("PGM", output);
        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = mutator.Mutate(seeds[i % seeds.Length]);
            run.One(i, () =>
            {
                GrayImage image = PgmDecoder.Decode(mutant, "fuzz.pgm");
                Assert.True(image.Pixels.Length <= mutant.Length, $"{image.Pixels.Length} pixels from {mutant.Length} bytes");
                DigitPreparation.Prepare(image, InvertMode.Auto);
                return (2L * image.Pixels.Length * sizeof(float)) + Overhead;
            }, Overhead);
        }

        run.Report();
    }

    private static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 37) + 11);
        }

        return bytes;
    }

    /// <summary>Recomputes the CRC of every chunk whose length still fits in the file.</summary>
    private static void FixChunkCrcs(byte[] png)
    {
        int at = 8;
        while (at + 12 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (length < 0 || length > png.Length - at - 12)
            {
                return;
            }

            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at + 8 + length), Crc32.Compute(png.AsSpan(at + 4, 4 + length)));
            at += 12 + length;
        }
    }
}
