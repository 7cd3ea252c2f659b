using System;
using System.IO;
using SpanNet.Cli.Images;
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
        byte[][] seeds = FuzzSeeds.Pngs();
        var mutator = new Mutator(seed: 31);
        var run = new FuzzRun<InvalidDataException>("PNG", output);
        for (int i = 0; i < Mutants; i++)
        {
            byte[] mutant = mutator.Mutate(seeds[i % seeds.Length], start: 8);
            if (i % 2 == 0)
            {
                FuzzSeeds.RepairPngChunkCrcs(mutant);
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
        byte[][] seeds = FuzzSeeds.Pgms();
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
}
