using System;
using System.Linq;
using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using Xunit;

namespace SpanNet.Tests.Onnx;

/// <summary>
/// Every committed fixture (real torch.onnx.export output and the onnx.helper graphs) imports and predicts what the
/// exporting framework computed, at batch 1 and batch 7, through the inference session and through Network.Predict.
/// </summary>
public class OnnxImportFixtureTests
{
    /// <summary>
    /// The 1e-5, as |actual − expected| ≤ 1e-5 + 1e-5·|expected|. Both sides are float32 with different
    /// summation orders (PyTorch's MKL GEMM against SpanNet's kernels, or numpy's float64): over 784 products of O(1)
    /// terms that differs by a few 1e-7 absolute, and the relative term keeps the bound meaningful for logits and
    /// log-probabilities of magnitude 10 and more.
    /// </summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Fixtures => [.. OnnxFixture.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Inference_session_matches_the_exporting_framework(string name)
    {
        OnnxFixture fixture = OnnxFixture.Load(name);
        using Network network = OnnxImporter.Import(fixture.ModelPath);
        InferenceModel model = InferenceModel.FromNetwork(network);
        using InferenceSession session = model.CreateSession();
        foreach (ExpectedCase expected in fixture.Cases)
        {
            Assert.Equal(expected.Inputs, model.Inputs);
            Assert.Equal(expected.Outputs, model.Outputs);
            var actual = new float[expected.Output.Length];
            session.Predict(expected.Input, actual, expected.Batch);
            AssertClose(expected.Output, actual, $"{name}, session, batch {expected.Batch}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Network_predict_matches_the_exporting_framework(string name)
    {
        OnnxFixture fixture = OnnxFixture.Load(name);
        using Network network = OnnxImporter.Import(fixture.ModelPath);
        foreach (ExpectedCase expected in fixture.Cases)
        {
            using Workspace workspace = network.CreateWorkspace(expected.Batch);
            var actual = new float[expected.Output.Length];
            network.Predict(expected.Input, actual, expected.Batch, workspace);
            AssertClose(expected.Output, actual, $"{name}, Network.Predict, batch {expected.Batch}");
        }
    }

    [Theory]
    [InlineData("relu_784_100_10_opset9", PredictionOutput.Scores)]
    [InlineData("softmax_opset11", PredictionOutput.Probabilities)]
    [InlineData("softmax_opset13", PredictionOutput.Probabilities)]
    [InlineData("keras_style_opset13", PredictionOutput.Probabilities)]
    [InlineData("logsoftmax_opset9", PredictionOutput.LogProbabilities)]
    [InlineData("logsoftmax_opset17", PredictionOutput.LogProbabilities)]
    public void A_final_softmax_or_log_softmax_becomes_the_prediction_output_not_a_layer(string name, PredictionOutput prediction)
    {
        using Network network = OnnxImporter.Import(OnnxFixture.PathOf(name + ".onnx"));
        Assert.Equal(prediction, network.PredictionOutput);
        Assert.Equal(["Dense", "Relu", "Dense"], Names(network));
        Assert.Equal(LossKind.SoftmaxCrossEntropy, network.Loss.Kind);
    }

    [Fact]
    public void Layers_map_from_the_exporters_operators()
    {
        Assert.Equal(["Dense", "Sigmoid", "Dense", "Sigmoid", "Dense"], Kinds("sigmoid_opset13"));
        Assert.Equal(["Dense", "Tanh", "Dense", "LeakyRelu", "Dense"], Kinds("gemm_variants_opset11"));

        Assert.Equal(["Dense", "Elu", "Dense", "Elu", "Dense"], Kinds("elu_opset13"));
        using (Network elu = OnnxImporter.Import(OnnxFixture.PathOf("elu_opset13.onnx")))
        {
            Assert.Equal(0.7f, ((ActivationLayer)elu.Layers[1]).Alpha, 6);
        }

        using (Network defaultElu = OnnxImporter.Import(OnnxFixture.PathOf("elu_opset17.onnx")))
        {
            Assert.Equal(1f, ((ActivationLayer)defaultElu.Layers[1]).Alpha);
            Assert.Equal(PredictionOutput.Probabilities, defaultElu.PredictionOutput);
        }

        using Network leaky = OnnxImporter.Import(OnnxFixture.PathOf("leakyrelu_opset17.onnx"));
        Assert.Equal(0.2f, ((ActivationLayer)leaky.Layers[1]).Alpha, 6);

        using Network noBias = OnnxImporter.Import(OnnxFixture.PathOf("nobias_opset13.onnx"));
        Assert.All(noBias.Layers.OfType<Dense>(), d => Assert.False(d.HasBias));

        using Network flatten = OnnxImporter.Import(OnnxFixture.PathOf("flatten_opset11.onnx"));
        Assert.Equal(784, flatten.Inputs);
        Assert.True(((Dense)flatten.Layers[0]).HasBias);
    }

    [Fact]
    public void Importing_a_stream_gives_the_same_network_as_importing_the_file()
    {
        string path = OnnxFixture.PathOf("keras_style_opset13.onnx");
        using Network fromFile = OnnxImporter.Import(path);
        using var stream = new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.Read);
        using Network fromStream = OnnxImporter.Import(new SpanNet.Tests.IO.NonSeekableStream(stream));
        Assert.Equal(fromFile.Parameters.Values.ToArray(), fromStream.Parameters.Values.ToArray());
    }

    internal static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            Assert.True(error <= Tolerance + (Tolerance * Math.Abs(expected[i])), $"{what}: output {i} is {actual[i]}, the framework gave {expected[i]}");
        }
    }

    private static string[] Kinds(string name)
    {
        using Network network = OnnxImporter.Import(OnnxFixture.PathOf(name + ".onnx"));
        return Names(network);
    }

    /// <summary>Each layer's kind, an activation layer by its activation: "Dense", "Relu", ….</summary>
    private static string[] Names(Network network)
    {
        return [.. network.Layers.Select(l => l.Name)];
    }
}
