using System.IO;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Tests.IO;
using Xunit;
using Xunit.Abstractions;

namespace SpanNet.Tests.Fuzz;

/// <summary>
/// Mutated model files with valid checksums: the payload is mutated and the SHA-256 recomputed, so every mutant
/// reaches the field checks a hostile writer would face. A mutant that loads must also run (forward, predict, train,
/// re-save byte for byte, export, load as an inference model).
/// </summary>
public sealed class ModelFileFuzzTests(ITestOutputHelper output)
{
    private const int Mutants = 5000;

    /// <summary>The exception, its message and the layer objects of a rejection.</summary>
    private const long RejectedBound = 64 * 1024;

    [Fact]
    public void Mutated_model_files_with_valid_checksums_load_and_run_or_are_rejected_as_invalid_data()
    {
        byte[][] seeds = FuzzSeeds.ModelFiles();
        var mutator = new Mutator(seed: 11);
        var run = new FuzzRun<InvalidDataException>("model file", output);
        for (int i = 0; i < Mutants; i++)
        {
            byte[] original = seeds[i % seeds.Length];

            // One in ten keeps its stale checksum, so the checksum path is fuzzed too.
            bool rehash = i % 10 != 0;
            byte[] mutant = mutator.Mutate(original, 0, original.Length - 32);
            if (rehash)
            {
                FuzzSeeds.RepairModelChecksum(mutant);
            }

            Network? loaded = null;
            run.One(i, () =>
            {
                loaded = ModelFile.Deserialize(mutant, "fuzz.model");

                // Values and gradients (each padded to a cache line), the state, the offsets and the layer objects.
                return (((2L * (loaded.Parameters.Length + 16)) + loaded.State.Length + 16) * sizeof(float)) + (loaded.Layers.Count * 512L) + RejectedBound;
            }, RejectedBound);
            if (loaded is not null)
            {
                loaded.Dispose();
                LoadedModelExercise.Run(mutant, "fuzz.model", compareInference: false);
            }
            else
            {
                LoadedModelExercise.AssertRejectedForInference(mutant, "fuzz.model");
            }
        }

        run.Report();
        Assert.True(run.Accepted > 0, "no mutant loaded, so the loaded-model checks never ran");
    }
}
