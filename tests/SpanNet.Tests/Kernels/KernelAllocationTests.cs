using System;
using System.Diagnostics;
using SpanNet.Kernels;
using SpanNet.Threading;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// After warm-up, a thousand calls of each kernel allocate nothing, on the calling thread or on the worker pool's. Kept in one collection so
/// no other test's allocations run on the same thread in between.
/// </summary>
[Collection(AllocationCollection.Name)]
public class KernelAllocationTests
{
    private const int Calls = 1000;

    /// <summary>The calls counted when the kernels run without hardware intrinsics (see <see cref="AssertNoAllocation"/>).</summary>
    private const int ScalarCalls = 20;

    /// <summary>How many windows of calls <see cref="AssertNoAllocation"/> counts before it fails.</summary>
    private const int Windows = 3;

    [Fact]
    public void Gemm_at_the_mnist_training_shape_allocates_nothing()
    {
        float[] a = RandomValues.Uniform(100 * 784, 1);
        float[] b = RandomValues.Uniform(784 * 100, 2);
        var c = new float[100 * 100];
        using var scratch = new GemmScratch();
        AssertNoAllocation(() =>
        {
            Gemm.MultiplyAdd(a, b, c, 100, 100, 784, scratch: scratch);
            Gemm.MultiplyAdd(a, c, b, 784, 100, 100, MatrixOperation.Transpose, MatrixOperation.Identity, scratch: scratch);
        });
    }

    [Fact]
    public void Gemm_from_the_shared_pool_and_the_direct_path_allocate_nothing()
    {
        float[] a = RandomValues.Uniform(784, 1);
        float[] b = RandomValues.Uniform(784 * 100, 2);
        float[] big = RandomValues.Uniform(64 * 784, 3);
        var c = new float[100];
        var c64 = new float[64 * 100];
        AssertNoAllocation(() =>
        {
            Gemm.MultiplyAdd(a, b, c, 1, 100, 784);
            Gemm.MultiplyAdd(big, b, c64, 64, 100, 784);
        });
    }

    [Fact]
    public void Elementwise_reductions_softmax_losses_and_updates_allocate_nothing()
    {
        float[] x = RandomValues.Uniform(1000, 1);
        float[] y = new float[1000];
        float[] d = new float[1000];
        float[] s1 = new float[1000];
        float[] s2 = new float[1000];
        int[] labels = new int[100];
        (float[] oneHot, _) = RandomValues.Classes(100, 10, 4);
        int[] argmax = new int[100];
        float[] bias = new float[10];
        AssertNoAllocation(() =>
        {
            Activations.Relu(x, y);
            Activations.ReluBackward(x, y, d);
            Activations.LeakyRelu(x, 0.01f, y);
            Activations.LeakyReluBackward(x, y, 0.01f, d);
            Activations.Sigmoid(x, y);
            Activations.SigmoidBackward(x, y, d);
            Activations.Tanh(x, y);
            Activations.TanhBackward(x, y, d);
            Activations.Step(x, y);
            Transcendentals.Exp(x, y);
            _ = Reductions.Sum(x) + Reductions.Dot(x, y) + Reductions.Max(x);
            Reductions.ArgMaxRows(x, argmax, 100, 10);
            Bias.AddToRows(bias, y, 100, 10);
            Bias.AccumulateGradient(x, bias, 100, 10);
            Softmax.Rows(x, y, 100, 10);
            Softmax.LogRows(x, d, 100, 10);
            _ = Losses.SoftmaxCrossEntropy(x, labels, y, 100, 10);
            Losses.SoftmaxCrossEntropyGradient(y, labels, d, 100, 10);
            _ = Losses.SoftmaxCrossEntropy(x, oneHot, y, 100, 10);
            Losses.SoftmaxCrossEntropyGradient(y, oneHot, d, 100, 10);
            _ = Losses.MeanSquaredError(x, y, 100, 10, SquaredErrorConvention.HalfSum);
            Losses.MeanSquaredErrorGradient(x, y, d, 100, 10, SquaredErrorConvention.Mean);
            _ = Losses.CrossEntropy(y, oneHot, 100, 10);
            Losses.CrossEntropyGradient(y, oneHot, d, 100, 10);
            _ = Losses.BinaryCrossEntropy(y, oneHot, 100, 10);
            Losses.BinaryCrossEntropyGradient(y, oneHot, d, 100, 10);
            ParameterUpdates.Sgd(s1, x, 0.01f);
            ParameterUpdates.Momentum(s1, x, s2, 0.01f, 0.9f);
            ParameterUpdates.Adagrad(s1, x, s2, 0.01f, 1e-6f);
            ParameterUpdates.RmsProp(s1, x, s2, 0.001f, 0.9f, 1e-6f);
            ParameterUpdates.Adam(s1, x, s2, d, 0.001f, 0.9f, 0.999f, 1e-7f, 3);
        });
    }

    /// <summary>
    /// Warms <paramref name="action"/> up, then requires 0 bytes over <paramref name="calls"/> more calls. The warm-up
    /// runs for at least half a second: tiered compilation promotes hot methods only after 100 ms without new tier-0
    /// code, and the runtime may start its background JIT worker from this thread, which allocates a few hundred bytes
    /// that belong to the runtime, not to the code under test (seen once in a few runs with a 50-call warm-up, and on
    /// a loaded machine, once in about ten runs even after the half-second warm-up: 688 B). So up to
    /// <see cref="Windows"/> windows of <paramref name="calls"/> calls are counted and one must be 0 B on the caller and
    /// on every worker: code that allocates in its steady state allocates in every window, so this cannot hide it.
    /// </summary>
    internal static void AssertNoAllocation(Action action, int calls = Calls)
    {
        // With hardware intrinsics off (CI's scalar run) a 784×100 product is ~100× slower; a steady state that allocates
        // nothing in 20 calls allocates nothing in 1000, so the scalar run counts fewer (it took 9 of its 10 minutes).
        calls = System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? calls : Math.Min(calls, ScalarCalls);
        var clock = Stopwatch.StartNew();
        for (int warm = 0; (warm < 20 || clock.ElapsedMilliseconds < 500) && clock.ElapsedMilliseconds < 5000; warm++)
        {
            action();
        }

        // This thread's count, and the worker pool's threads', which run parts of these calls too. (Not the
        // process's: the test runner's own threads allocate as they report.)
        WorkerPool pool = Parallelism.Pool;
        long allocated = 0, workersAllocated = 0;
        for (int window = 0; window < Windows; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long workersBefore = pool.WorkerAllocatedBytes;
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            workersAllocated = pool.WorkerAllocatedBytes - workersBefore;
            if (allocated == 0 && workersAllocated == 0)
            {
                return;
            }
        }

        Assert.Equal(0L, allocated);
        Assert.Equal(0L, workersAllocated);
    }
}
