using System;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using SpanNet.Threading;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>A training step too small to split stays on the caller's thread, with the bits a split step gives; the threshold is lower for a network that splits by rows.</summary>
[Collection(ThreadCountCollection.Name)]
public class StepThreadsTests
{
    [Fact]
    public void A_row_split_step_below_its_threshold_hands_nothing_to_the_workers_and_allocates_nothing_and_one_above_it_does_split()
    {
        using var scope = new ThreadCountScope(2);
        using Network net = NetworkFactory.Mnist();
        Assert.True(net.SplitsByRows);
        Assert.True(16L * net.Parameters.Length < StepThreads.MinMultiplyAddsByRows, "batch 16 of 784-100-10 is meant to be under the threshold");
        Assert.True(32L * net.Parameters.Length >= StepThreads.MinMultiplyAddsByRows, "batch 32 of 784-100-10 is meant to be over it");
        AssertSplitsOnlyAbove(net, small: 16, large: 32);
    }

    [Fact]
    public void A_layer_by_layer_step_below_its_threshold_hands_nothing_to_the_workers_and_one_above_it_does_split()
    {
        using var scope = new ThreadCountScope(2);
        using Network net = new NetworkBuilder(784).Dense(100).BatchNorm().Activate(Activation.Relu).Dense(10).Build(seed: 7);
        Assert.False(net.SplitsByRows);
        Assert.True(32L * net.Parameters.Length < StepThreads.MinMultiplyAdds, "batch 32 of 784-100-10 is meant to be under the threshold");
        Assert.True(100L * net.Parameters.Length >= StepThreads.MinMultiplyAdds, "batch 100 of 784-100-10 is meant to be over it");
        AssertSplitsOnlyAbove(net, small: 32, large: 100);
    }

    [Fact]
    public void Small_steps_give_the_same_bits_at_every_thread_count()
    {
        float[] x = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(32 * 784, 5), 5);
        (_, int[] labels) = RandomValues.Classes(32, 10, 6);
        float[] Train()
        {
            using Network net = NetworkFactory.Mnist();
            using Workspace ws = net.CreateWorkspace(32);
            using var momentum = new Momentum(net.Parameters.Length, 0.05f);
            for (int step = 0; step < 3; step++)
            {
                net.TrainStep(x, labels, 32, momentum, ws);
            }

            return net.Parameters.Values.ToArray();
        }

        float[] expected;
        using (new ThreadCountScope(1))
        {
            expected = Train();
        }

        foreach (int threads in ThreadCountScope.Counts[1..])
        {
            using var scope = new ThreadCountScope(threads);
            Assert.Equal(expected, Train());
        }
    }

    private static void AssertSplitsOnlyAbove(Network net, int small, int large)
    {
        using Workspace ws = net.CreateWorkspace(large);
        using var adam = new Adam(net.Parameters.Length);
        float[] x = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(large * 784, 3), 3);
        (_, int[] labels) = RandomValues.Classes(large, 10, 4);

        long before = ThreadCountScope.ParallelJobs;
        KernelAllocationTests.AssertNoAllocation(() => net.TrainStep(x.AsSpan(0, small * 784), labels.AsSpan(0, small), small, adam, ws), calls: 100);
        Assert.Equal(before, ThreadCountScope.ParallelJobs);

        net.TrainStep(x, labels, large, adam, ws);
        Assert.True(ThreadCountScope.ParallelJobs > before, $"the batch-{large} step was not split");
    }

    [Fact]
    public void Serial_scopes_nest_and_restore_the_setting()
    {
        Assert.False(WorkerPool.SerialOnThisThread);
        using (new SerialScope(true))
        {
            using (new SerialScope(false))
            {
                Assert.True(WorkerPool.SerialOnThisThread);   // an inner scope never re-enables splitting
            }

            Assert.True(WorkerPool.SerialOnThisThread);
        }

        Assert.False(WorkerPool.SerialOnThisThread);
    }
}
