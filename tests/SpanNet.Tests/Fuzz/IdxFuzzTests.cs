using System;
using System.IO;
using SpanNet.IO;
using SpanNet.Tests.IO;
using Xunit;
using Xunit.Abstractions;

namespace SpanNet.Tests.Fuzz;

/// <summary>
/// Mutated IDX files, raw and gzip (the gzip bytes themselves, and gzip of a mutated raw file, which passes the CRC and
/// reaches the IDX checks): each loads or is rejected as invalid data, allocating no more than the data it holds.
/// </summary>
public sealed class IdxFuzzTests(ITestOutputHelper output)
{
    private const int Mutants = 2000;

    /// <summary>The pooled read chunk (64 KiB, rented once per thread), the inflater's buffers and the exception.</summary>
    private const long Overhead = 256 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mutated_idx_files_load_or_are_rejected_as_invalid_data(bool gzip)
    {
        byte[] images = FuzzSeeds.IdxImages();
        byte[] labels = FuzzSeeds.IdxLabels();
        var mutator = new Mutator(seed: gzip ? 23 : 22);
        var run = new FuzzRun<InvalidDataException>(gzip ? "IDX gzip" : "IDX raw", output);
        using var folder = new TempDirectory();
        string path = folder.Combine(gzip ? "fuzz.gz" : "fuzz.idx");
        for (int i = 0; i < Mutants; i++)
        {
            bool imageFile = i % 2 == 0;
            byte[] original = imageFile ? images : labels;
            byte[] mutant = !gzip ? mutator.Mutate(original)
                : i % 4 < 2 ? IdxWriter.Gzip(mutator.Mutate(original))
                : mutator.Mutate(IdxWriter.Gzip(original));
            File.WriteAllBytes(path, mutant);

            // What the data could fill: the file itself when raw, at most 1032 bytes per compressed byte for gzip.
            long elementsBound = gzip ? mutant.Length * 1032L : mutant.Length;
            long rejectedBound = (Math.Min(elementsBound, 1 << 20) * sizeof(float)) + Overhead;
            run.One(i, () =>
            {
                long elements = imageFile ? IdxReader.ReadImages(path).Pixels.Length : IdxReader.ReadLabels(path).Length;
                Assert.True(elements <= elementsBound, $"{elements} elements from {mutant.Length} bytes");

                // The elements (as floats or ints), and for gzip the doublings that led there.
                return (elements * sizeof(float) * (gzip ? 2 : 1)) + Overhead;
            }, rejectedBound);
        }

        run.Report();
    }
}
