using SpanNet.Kernels.Simd;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Networks;

[Collection(AllocationCollection.Name)]
public class NetworkAllocationTests
{
    // 1,000 steps as the issue asks; without SIMD (DOTNET_EnableHWIntrinsic=0) each step is ~100× slower, so fewer.
    private static readonly int TrainSteps = FloatVector128.IsHardwareAccelerated ? 1000 : 20;

    [Fact]
    public void A_thousand_train_steps_of_784_100_10_at_batch_100_allocate_nothing_with_every_optimizer()
    {
        using Network net = NetworkFactory.Mnist();
        using Workspace ws = net.CreateWorkspace(100);
        float[] x = RandomValues.Uniform(100 * 784, 1);
        (_, int[] labels) = RandomValues.Classes(100, 10, 2);
        foreach (Optimizer optimizer in NetworkFactory.EveryOptimizer(net.Parameters.Length))
        {
            using (optimizer)
            {
                KernelAllocationTests.AssertNoAllocation(() => net.TrainStep(x, labels, 100, optimizer, ws), TrainSteps);
            }
        }
    }

    [Fact]
    public void Train_steps_on_mostly_zero_inputs_allocate_nothing()
    {
        // 85 % zeros, like MNIST's pixels: the first layer runs the zero-skipping products, whose gather lists live on the stack.
        using Network net = NetworkFactory.Mnist();
        using Workspace ws = net.CreateWorkspace(100);
        float[] x = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(100 * 784, 1), 1);
        (_, int[] labels) = RandomValues.Classes(100, 10, 2);
        using var optimizer = new Momentum(net.Parameters.Length, 0.1f);
        KernelAllocationTests.AssertNoAllocation(() => net.TrainStep(x, labels, 100, optimizer, ws), TrainSteps);
    }

    [Fact]
    public void Ten_thousand_single_sample_predictions_allocate_nothing()
    {
        using Network net = NetworkFactory.Mnist();
        using Workspace ws = net.CreateWorkspace(1);
        float[] x = RandomValues.Uniform(784, 1);
        var probabilities = new float[10];
        KernelAllocationTests.AssertNoAllocation(
            () =>
            {
                net.Predict(x, probabilities, 1, ws);
                _ = net.Classify(x, ws);
            },
            10_000);
    }
}
