using System;
using System.IO;
using System.Linq;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Onnx;

/// <summary>
/// Issue #17's torch exports (tests/fixtures/onnx-layers): every fixture with expected outputs predicts what PyTorch
/// computed through Network.Predict and the inference session, fine-tunes, and round-trips through SpanNet's ONNX
/// export and its model file; the training-mode exports are refused naming the node.
/// </summary>
public class OnnxLayerFixtureTests
{
    public static TheoryData<string> Fixtures => [.. OnnxFixture.LayerNames];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Network_predict_and_the_inference_session_match_torch(string name)
    {
        OnnxFixture fixture = OnnxFixture.Load(name, OnnxFixture.LayersFolder);
        using Network network = OnnxImporter.Import(fixture.ModelPath);
        using InferenceSession session = InferenceModel.FromNetwork(network).CreateSession();
        foreach (ExpectedCase expected in fixture.Cases)
        {
            Assert.Equal(expected.Inputs, network.Inputs);
            Assert.Equal(expected.Outputs, network.Outputs);
            OnnxImportFixtureTests.AssertClose(expected.Output, OnnxRoundTripTests.Predict(network, expected.Input, expected.Batch), $"{name}, Network.Predict, batch {expected.Batch}");
            var fromSession = new float[expected.Output.Length];
            session.Predict(expected.Input, fromSession, expected.Batch);
            OnnxImportFixtureTests.AssertClose(expected.Output, fromSession, $"{name}, session, batch {expected.Batch}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Export_and_the_model_file_give_back_the_same_predictions(string name)
    {
        OnnxFixture fixture = OnnxFixture.Load(name, OnnxFixture.LayersFolder);
        using Network network = OnnxImporter.Import(fixture.ModelPath);
        ExpectedCase expected = fixture.Cases[^1];
        float[] original = OnnxRoundTripTests.Predict(network, expected.Input, expected.Batch);

        using Network reimported = OnnxImporter.Import(new MemoryStream(OnnxExporter.ToBytes(network)));
        Assert.Equal(network.Parameters.Length, reimported.Parameters.Length);
        OnnxImportFixtureTests.AssertClose(original, OnnxRoundTripTests.Predict(reimported, expected.Input, expected.Batch), $"{name}, exported and imported again");

        using Network loaded = ModelFile.Deserialize(ModelFile.Serialize(network), name);
        Assert.Equal(original, OnnxRoundTripTests.Predict(loaded, expected.Input, expected.Batch));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_few_training_steps_lower_the_loss(string name)
    {
        OnnxFixture fixture = OnnxFixture.Load(name, OnnxFixture.LayersFolder);
        using Network network = OnnxImporter.Import(fixture.ModelPath, new SquaredErrorLoss());
        ExpectedCase expected = fixture.Cases[^1];

        // Targets: the network's own scores moved by up to ±0.5, so there is something to learn from where it stands.
        using Workspace workspace = network.CreateWorkspace(expected.Batch);
        float[] targets = network.Forward(expected.Input, expected.Batch, workspace).ToArray();
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] += 0.5f * MathF.Sin(i + 1);
        }

        float before = network.ComputeLoss(expected.Input, targets, expected.Batch, workspace);
        var optimizer = new Sgd(network.Parameters.Length, 0.01f);
        for (int step = 0; step < 20; step++)
        {
            network.TrainStep(expected.Input, targets, expected.Batch, optimizer, workspace);
        }

        float after = network.ComputeLoss(expected.Input, targets, expected.Batch, workspace);
        Assert.True(after < before, $"{name}: the loss went from {before} to {after}");
    }

    [Theory]
    [InlineData("batchnorm_training_opset14")]
    [InlineData("batchnorm_training_opset17")]
    public void A_training_mode_batch_norm_is_refused_naming_the_node(string name)
    {
        OnnxImportException error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(OnnxFixture.LayerPathOf(name + ".onnx")));
        Assert.Contains("(BatchNormalization)", error.Message, StringComparison.Ordinal);
        Assert.Contains("training_mode is 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gelu_opset11", "Dense,Gelu,Dense")]
    [InlineData("gelu_opset20", "Dense,Gelu,Dense")]
    [InlineData("gelu_tanh_opset13", "Dense,GeluTanh,Dense")]
    [InlineData("gelu_tanh_opset20", "Dense,GeluTanh,Dense")]
    [InlineData("silu_opset14", "Dense,Silu,Dense")]
    [InlineData("hardswish_opset11", "Dense,HardSwish,Dense")]
    [InlineData("hardswish_opset17", "Dense,HardSwish,Dense")]
    [InlineData("hardsigmoid_opset13", "Dense,HardSigmoid,Dense")]
    [InlineData("softplus_beta2_opset11", "Dense,Softplus,Dense")]
    [InlineData("relu6_opset9", "Dense,Relu6,Dense")]
    [InlineData("relu6_opset17", "Dense,Relu6,Dense")]
    [InlineData("clamp_opset13", "Dense,Clip,Dense")]
    [InlineData("prelu1_opset11", "Dense,PRelu,Dense")]
    [InlineData("batchnorm_opset11", "Dense,BatchNorm,Relu,Dense")]
    [InlineData("batchnorm_dedup_opset13", "Dense,BatchNorm,Relu,Dense")]
    [InlineData("layernorm_opset11", "Dense,LayerNorm,Relu,Dense")]
    [InlineData("layernorm_opset17", "Dense,LayerNorm,Relu,Dense")]
    [InlineData("standardise_opset13", "Standardize,Dense,Relu,Dense")]
    [InlineData("scale_shift_opset13", "Standardize,Dense,Relu,Dense")]
    [InlineData("residual_opset13", "Dense,Relu,Residual,Dense")]
    [InlineData("combo_residual_two_opset17", "Dense,Relu,Residual,Residual,Dense")]
    [InlineData("residual_input_opset11", "Residual,Dense")]
    [InlineData("transpose_matmul_opset17", "Dense,Relu,Dense")]
    public void Each_pattern_becomes_the_layers_spannet_has(string name, string layers)
    {
        using Network network = OnnxImporter.Import(OnnxFixture.LayerPathOf(name + ".onnx"));
        Assert.Equal(layers, string.Join(",", network.Layers.Select(l => l.Name)));
    }

    [Fact]
    public void Parameters_come_across_as_torch_wrote_them()
    {
        using (Network prelu = OnnxImporter.Import(OnnxFixture.LayerPathOf("prelu1_opset13.onnx")))
        {
            Assert.All(prelu.LayerParameters(1).ToArray(), slope => Assert.Equal(0.3f, slope, 6));
        }

        using (Network softplus = OnnxImporter.Import(OnnxFixture.LayerPathOf("softplus_beta2_opset13.onnx")))
        {
            Assert.Equal(2f, ((ActivationLayer)softplus.Layers[1]).Alpha);
        }

        using (Network clip = OnnxImporter.Import(OnnxFixture.LayerPathOf("clip_no_min_opset11.onnx")))
        {
            Assert.Equal(float.MinValue, ((ActivationLayer)clip.Layers[1]).Alpha);
        }

        using (Network noAffine = OnnxImporter.Import(OnnxFixture.LayerPathOf("batchnorm_noaffine_opset13.onnx")))
        {
            Assert.False(((BatchNorm)noAffine.Layers[1]).IsAffine);
        }

        using Network batchNorm = OnnxImporter.Import(OnnxFixture.LayerPathOf("batchnorm_opset14.onnx"));
        var layer = (BatchNorm)batchNorm.Layers[1];
        Assert.True(layer.IsAffine);
        Assert.Equal(0.1f, layer.Momentum, 6);
        Assert.Equal(1e-5f, layer.Epsilon);
        Assert.Contains(batchNorm.LayerState(1)[..16].ToArray(), mean => mean != 0f);
    }
}
