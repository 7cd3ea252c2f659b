using SpanNet.Kernels;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>
/// The parallel paths allocate nothing in steady state at 1, 2, 3 and 8 threads, counted on the calling thread and on
/// every worker, and each run at more than one thread really split its work.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class ThreadCountAllocationTests
{
    public static TheoryData<int> Counts => [.. ThreadCountScope.Counts];

    [Theory]
    [MemberData(nameof(Counts))]
    public void Gemm_at_every_transpose_and_the_zero_skipping_product_allocate_nothing(int threads)
    {
        float[] x = RandomValues.Uniform(100 * 784, 1);
        float[] sparseX = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(100 * 784, 2), 2);
        float[] w = RandomValues.Uniform(784 * 100, 3);
        float[] dy = RandomValues.Uniform(100 * 100, 4);
        var y = new float[100 * 100];
        var dw = new float[784 * 100];
        var dx = new float[100 * 784];
        using var scratch = new GemmScratch();
        AssertSplitAndAllocationFree(threads, () =>
        {
            Gemm.MultiplyAdd(x, w, y, 100, 100, 784, scratch: scratch);
            Gemm.MultiplyAdd(x, dy, dw, 784, 100, 100, MatrixOperation.Transpose, MatrixOperation.Identity, 1f, 1f, scratch);
            Gemm.MultiplyAdd(dy, w, dx, 100, 784, 100, MatrixOperation.Identity, MatrixOperation.Transpose);
            Gemm.MultiplyAddSparseA(sparseX, w, y, 100, 100, 784);
            Gemm.MultiplyAddSparseA(sparseX, dy, dw, 784, 100, 100, MatrixOperation.Transpose, beta: 1f);
        });
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Training_steps_and_batched_inference_allocate_nothing(int threads)
    {
        using Network net = NetworkFactory.Mnist();
        using Workspace ws = net.CreateWorkspace(100);
        float[] x = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(100 * 784, 5), 5);
        float[] dense = RandomValues.Uniform(100 * 784, 6);
        (_, int[] labels) = RandomValues.Classes(100, 10, 7);
        var probabilities = new float[100 * 10];
        using var adam = new Adam(net.Parameters.Length);
        AssertSplitAndAllocationFree(
            threads,
            () =>
            {
                net.TrainStep(x, labels, 100, adam, ws);
                net.TrainStep(dense, labels, 100, adam, ws);
                net.Predict(dense, probabilities, 100, ws);
            },
            calls: 200);
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Batch_gathers_gradient_clears_and_nonzero_counts_allocate_nothing(int threads)
    {
        float[] pixels = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(1000 * 784, 18), 18);
        (_, int[] labels) = RandomValues.Classes(1000, 10, 19);
        using var sampler = new BatchSampler(LabeledDataset.FromLabels(pixels, 784, labels, 10), 100, shuffle: true, seed: 20);
        float[] gradients = RandomValues.Uniform(79_510, 21);
        float fraction = 0f;
        AssertSplitAndAllocationFree(threads, () =>
        {
            sampler.BeginEpoch();
            Batch batch = sampler.Next();
            fraction += Reductions.NonZeroFraction(batch.Inputs);
            ParameterUpdateDriver.Clear(gradients);
        });
        Assert.True(fraction > 0f);
    }

    private static void AssertSplitAndAllocationFree(int threads, System.Action action, int calls = 1000)
    {
        using var scope = new ThreadCountScope(threads);
        long jobsBefore = ThreadCountScope.ParallelJobs;
        KernelAllocationTests.AssertNoAllocation(action, calls);
        Assert.Equal(threads > 1, ThreadCountScope.ParallelJobs > jobsBefore);
    }
}
