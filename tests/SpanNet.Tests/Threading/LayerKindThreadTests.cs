using System;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>
/// A network of every new layer kind, wide enough for its products to be split: training gives the same bits at 1, 2,
/// 3 and 8 threads (dropout masks and batch statistics included), and allocates nothing on the caller or any worker.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class LayerKindThreadTests
{
    private const int Inputs = 256, Batch = 100;

    public static TheoryData<int> Counts => [.. ThreadCountScope.Counts];

    [Fact]
    public void Training_every_layer_kind_gives_the_same_bits_at_every_thread_count()
    {
        float[] x = RandomValues.Uniform(Batch * Inputs, 31, 2f);
        int[] labels = RandomValues.Classes(Batch, 10, 32).Labels;
        float[] expected;
        using (new ThreadCountScope(1))
        {
            expected = Train(x, labels);
        }

        foreach (int threads in ThreadCountScope.Counts[1..])
        {
            using var scope = new ThreadCountScope(threads);
            long jobsBefore = ThreadCountScope.ParallelJobs;
            float[] actual = Train(x, labels);
            Assert.True(ThreadCountScope.ParallelJobs > jobsBefore, $"nothing was split at {threads} threads");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"value {i} differs at {threads} threads");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Training_every_layer_kind_allocates_nothing(int threads)
    {
        using var scope = new ThreadCountScope(threads);
        using Network network = Build();
        using Workspace workspace = network.CreateWorkspace(Batch);
        using var adam = new Adam(network.Parameters.Length);
        float[] x = RandomValues.Uniform(Batch * Inputs, 33, 2f);
        int[] labels = RandomValues.Classes(Batch, 10, 34).Labels;
        float[] predictions = new float[Batch * 10];
        KernelAllocationTests.AssertNoAllocation(
            () =>
            {
                network.TrainStep(x, labels, Batch, adam, workspace);
                network.Predict(x, predictions, Batch, workspace);
            },
            calls: 100);
    }

    private static Network Build() =>
        new NetworkBuilder(Inputs).Dense(256).BatchNorm().Activate(Activation.Gelu).Dropout(0.2f)
            .Residual(b => b.Dense(256, Activation.Silu).Dropout(0.1f).Dense(256).LayerNorm(), Activation.Relu)
            .Dense(128).PRelu().Dense(10).Build(35);

    private static float[] Train(float[] x, int[] labels)
    {
        using Network network = Build();
        using Workspace workspace = network.CreateWorkspace(Batch);
        using var adam = new Adam(network.Parameters.Length);
        for (int step = 0; step < 3; step++)
        {
            network.TrainStep(x, labels, Batch, adam, workspace);
        }

        return [.. network.Parameters.Values.ToArray(), .. network.State.ToArray()];
    }
}
