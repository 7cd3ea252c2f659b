using SpanNet.Inference;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using Xunit;

namespace SpanNet.Tests.Inference;

[Collection(AllocationCollection.Name)]
public class InferenceAllocationTests
{
    private const int Calls = 10_000;

    [Fact]
    public void Ten_thousand_single_sample_predictions_and_classifications_allocate_nothing()
    {
        using Network net = NetworkFactory.Mnist();
        InferenceModel model = InferenceModel.FromNetwork(net);
        using InferenceSession session = model.CreateSession();
        float[] dense = InferenceSessionTests.Input(784, 1, zeroPercent: 0);
        float[] sparse = InferenceSessionTests.Input(784, 2, zeroPercent: 80);
        var probabilities = new float[10];
        KernelAllocationTests.AssertNoAllocation(() =>
        {
            session.Predict(dense, probabilities);
            session.Predict(sparse, probabilities);
            _ = session.Classify(sparse);
        },
        Calls);
    }

    [Fact]
    public void Ten_thousand_batched_predictions_of_every_layer_kind_allocate_nothing()
    {
        using Network net = InferenceSessionTests.Build("every-activation");
        using Network withSoftmaxLayer = InferenceSessionTests.Build("softmax-layer");
        using InferenceSession session = InferenceModel.FromNetwork(net).CreateSession();
        using InferenceSession softmaxSession = InferenceModel.FromNetwork(withSoftmaxLayer).CreateSession();
        float[] inputs = InferenceSessionTests.Input(4 * net.Inputs, 3, zeroPercent: 30);
        var outputs = new float[4 * net.Outputs];
        float[] softmaxInput = InferenceSessionTests.Input(withSoftmaxLayer.Inputs, 4, zeroPercent: 30);
        var softmaxOutput = new float[withSoftmaxLayer.Outputs];
        KernelAllocationTests.AssertNoAllocation(() =>
        {
            session.Predict(inputs, outputs, 4);
            softmaxSession.Predict(softmaxInput, softmaxOutput);
        },
        Calls);
    }

    [Theory]
    [InlineData(WeightPrecision.Fp32)]
    [InlineData(WeightPrecision.BFloat16)]
    [InlineData(WeightPrecision.Int8)]
    public void Ten_thousand_single_and_batched_predictions_at_each_precision_allocate_nothing(WeightPrecision precision)
    {
        using Network net = NetworkFactory.Mnist();
        using Network deep = InferenceSessionTests.Build("every-activation");
        using InferenceSession session = InferenceModel.FromNetwork(net, precision).CreateSession();
        using InferenceSession deepSession = InferenceModel.FromNetwork(deep, precision).CreateSession();
        float[] dense = InferenceSessionTests.Input(784, 1, zeroPercent: 0);
        float[] sparse = InferenceSessionTests.Input(784, 2, zeroPercent: 80);
        float[] batch = InferenceSessionTests.Input(4 * deep.Inputs, 3, zeroPercent: 30);
        var probabilities = new float[10];
        var outputs = new float[4 * deep.Outputs];
        KernelAllocationTests.AssertNoAllocation(() =>
        {
            session.Predict(dense, probabilities);
            session.Predict(sparse, probabilities);
            _ = session.Classify(sparse);
            deepSession.Predict(batch, outputs, 4);
        },
        Calls);
    }
}
