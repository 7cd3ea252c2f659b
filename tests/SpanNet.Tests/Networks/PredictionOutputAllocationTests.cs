using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Inference;
using SpanNet.Tests.Kernels;
using Xunit;

namespace SpanNet.Tests.Networks;

/// <summary>Predicting allocates nothing once warm, whatever the network predicts (log-softmax included).</summary>
[Collection(AllocationCollection.Name)]
public class PredictionOutputAllocationTests
{
    [Theory]
    [InlineData(PredictionOutput.Scores)]
    [InlineData(PredictionOutput.Probabilities)]
    [InlineData(PredictionOutput.LogProbabilities)]
    public void Network_predict_and_the_session_allocate_nothing(PredictionOutput output)
    {
        using Network network = new NetworkBuilder(16).Dense(8, Activation.Relu).Dense(4).Predicting(output).Build(6);
        float[] input = InferenceSessionTests.Input(2 * 16, seed: 1, zeroPercent: 30);
        var predicted = new float[2 * 4];
        using Workspace workspace = network.CreateWorkspace(2);
        using InferenceSession session = InferenceModel.FromNetwork(network).CreateSession();
        KernelAllocationTests.AssertNoAllocation(
            () =>
            {
                network.Predict(input, predicted, 2, workspace);
                session.Predict(input, predicted, 2);
            },
            1000);
    }
}
