using System;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using SpanNet.Threading;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>A training step too small to split stays on the caller's thread, with the bits a split step gives.</summary>
[Collection(ThreadCountCollection.Name)]
public class StepThreadsTests
{
    [Fact]
    public void A_step_below_the_threshold_hands_nothing_to_the_workers_and_allocates_nothing_and_one_above_it_does_split()
    {
        using var scope = new ThreadCountScope(2);
        using Network net = NetworkFactory.Mnist();
        Assert.True(32L * net.Parameters.Length < StepThreads.MinMultiplyAdds, "batch 32 of 784-100-10 is meant to be under the threshold");
        Assert.True(100L * net.Parameters.Length >= StepThreads.MinMultiplyAdds, "batch 100 of 784-100-10 is meant to be over it");
        using Workspace ws = net.CreateWorkspace(100);
        using var adam = new Adam(net.Parameters.Length);
        float[] x = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(100 * 784, 3), 3);
        (_, int[] labels) = RandomValues.Classes(100, 10, 4);

        long before = ThreadCountScope.ParallelJobs;
        KernelAllocationTests.AssertNoAllocation(() => net.TrainStep(x.AsSpan(0, 32 * 784), labels.AsSpan(0, 32), 32, adam, ws), calls: 100);
        Assert.Equal(before, ThreadCountScope.ParallelJobs);

        net.TrainStep(x, labels, 100, adam, ws);
        Assert.True(ThreadCountScope.ParallelJobs > before, "the batch-100 step was not split");
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
