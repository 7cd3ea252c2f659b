using System;
using Microsoft.ML.OnnxRuntime;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;
using SpanNetInference = SpanNet.Inference;

namespace SpanNet.PeerTests;

/// <summary>
/// ONNX Runtime, running SpanNet's ONNX export, predicts what SpanNet predicts: within 1e-5 on every output, for every
/// layer kind the exporter maps, at batch 1 and at a larger batch. The networks with normalisations are trained a few
/// steps first, so that BatchNorm's running statistics, γ and β are not the fresh 0 and 1.
/// </summary>
public class OnnxRuntimeEquivalenceTests
{
    /// <summary>The bar: ORT's outputs must match SpanNet's within 1e-5 before any benchmark means anything.</summary>
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> Architectures =>
    [
        "mnist", "every-activation", "elu", "softmax-layer", "no-bias-step-mse", "deep",
        "gelu-silu-softplus", "hard-clip-prelu", "standardised-batchnorm-dropout", "layernorm-residual",
    ];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Onnx_runtime_matches_network_predict_within_1e_5(string architecture)
    {
        using Network network = Build(architecture);
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(OnnxExporter.ToBytes(network), options);
        foreach (int batch in new[] { 1, 17 })
        {
            float[] inputs = Inputs(batch * network.Inputs, seed: batch);
            var expected = new float[batch * network.Outputs];
            using (Workspace workspace = network.CreateWorkspace(batch))
            {
                network.Predict(inputs, expected, batch, workspace);
            }

            using OrtValue input = OrtValue.CreateTensorValueFromMemory(inputs, [batch, network.Inputs]);
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(new RunOptions(), [OnnxExporter.InputName], [input], [OnnxExporter.OutputName]);
            ReadOnlySpan<float> actual = results[0].GetTensorDataAsSpan<float>();
            Assert.Equal(new long[] { batch, network.Outputs }, results[0].GetTensorTypeAndShape().Shape);
            AssertClose(expected, actual, architecture);
        }
    }

    [Fact]
    public void Onnx_runtime_with_bound_managed_buffers_matches_an_inference_session()
    {
        using Network network = Build("mnist");
        using SpanNetInference.InferenceSession spanNet = SpanNetInference.InferenceModel.FromNetwork(network).CreateSession();
        using var session = new InferenceSession(OnnxExporter.ToBytes(network));
        float[] sample = Inputs(network.Inputs, seed: 3);
        var probabilities = new float[network.Outputs];
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(sample, [1, network.Inputs]);
        using OrtValue output = OrtValue.CreateTensorValueFromMemory(probabilities, [1, network.Outputs]);
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput(OnnxExporter.InputName, input);
        binding.BindOutput(OnnxExporter.OutputName, output);
        using var runOptions = new RunOptions();
        session.RunWithBinding(runOptions, binding);

        var expected = new float[network.Outputs];
        spanNet.Predict(sample, expected);
        AssertClose(expected, probabilities, "mnist, bound");
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"{what}: output {i} is {actual[i]} in ONNX Runtime, {expected[i]} in SpanNet");
        }
    }

    private static Network Build(string architecture) => architecture switch
    {
        "mnist" => new NetworkBuilder(784).Dense(100, Activation.Relu).Dense(10).Build(7),
        "every-activation" => new NetworkBuilder(37)
            .Dense(33, Activation.LeakyRelu, alpha: 0.1f)
            .Dense(17, Activation.Sigmoid)
            .Dense(16, Activation.Tanh)
            .Dense(5, Activation.Relu)
            .Dense(3)
            .Build(11),
        "elu" => new NetworkBuilder(40).Dense(24, Activation.Elu, alpha: 0.7f).Dense(12, Activation.Elu).Dense(3).Build(15),
        "softmax-layer" => new NetworkBuilder(20).Dense(9, Activation.Relu).Dense(4, Activation.Softmax).Loss(new CrossEntropyLoss()).Build(12),
        "no-bias-step-mse" => new NetworkBuilder(3).Dense(129, Activation.Step, bias: false).Dense(2, bias: false).Loss(new SquaredErrorLoss()).Build(13),
        "gelu-silu-softplus" => new NetworkBuilder(30)
            .Dense(24, Activation.Gelu)
            .Dense(20, Activation.GeluTanh)
            .Dense(16, Activation.Silu)
            .Dense(12, Activation.Softplus)
            .Dense(10, Activation.Softplus, alpha: 2f, beta: 10f)
            .Dense(3)
            .Build(16),
        "hard-clip-prelu" => new NetworkBuilder(30)
            .Dense(24, Activation.HardSwish)
            .Dense(20, Activation.HardSigmoid, alpha: 0.2f, beta: 0.4f)
            .Dense(16, Activation.Relu6)
            .Dense(12, Activation.Clip, alpha: -0.5f, beta: 0.7f)
            .Dense(10)
            .PRelu()
            .Dense(3)
            .Build(17),
        "standardised-batchnorm-dropout" => Trained(new NetworkBuilder(12)
            .Standardize([0.1f, -0.2f, 0.3f, 0f, 1f, -1f, 0.5f, 0.25f, -0.75f, 2f, 0f, 0.4f], [1f, 2f, 0.5f, 1.5f, 3f, 1f, 0.25f, 1f, 2f, 4f, 1f, 0.8f])
            .Dense(32)
            .BatchNorm()
            .Activate(Activation.Relu)
            .Dropout(0.2f)
            .Dense(16)
            .BatchNorm(affine: false)
            .Activate(Activation.Relu)
            .Dense(1, Activation.Sigmoid)
            .Loss(new SquaredErrorLoss())
            .Build(18)),
        "layernorm-residual" => Trained(new NetworkBuilder(12)
            .Affine([2f, 1f, 0.5f, -1f, 1f, 1f, 3f, 1f, 0.2f, 1f, 1f, -2f], [0f, 1f, -1f, 0.5f, 0f, 0f, 0.1f, 0f, 0f, -0.3f, 0f, 0f])
            .Dense(32)
            .LayerNorm()
            .Activate(Activation.Gelu)
            .Residual(b => b.Dense(32, Activation.Silu).LayerNorm().Dense(32), Activation.Relu)
            .Residual(b => b.BatchNorm().Dropout(0.1f).Dense(32, Activation.Tanh))
            .Dense(4)
            .Loss(new SquaredErrorLoss())
            .Build(19)),
        _ => new NetworkBuilder(784).Dense(256, Activation.Relu).Dense(128, Activation.Relu).Dense(10).Build(14),
    };

    /// <summary>Ten Adam steps toward random targets at batch 16: moves BatchNorm's running statistics and every γ and β.</summary>
    private static Network Trained(Network network)
    {
        const int Batch = 16;
        float[] inputs = Inputs(Batch * network.Inputs, seed: 21);
        float[] targets = Inputs(Batch * network.Outputs, seed: 22);
        var optimizer = new Adam(network.Parameters.Length, 0.01f);
        using Workspace workspace = network.CreateWorkspace(Batch);
        for (int step = 0; step < 10; step++)
        {
            network.TrainStep(inputs, targets, Batch, optimizer, workspace);
        }

        return network;
    }

    /// <summary>Uniform values in [−1, 1) with every third one exactly 0, like the sparse inputs SpanNet skips.</summary>
    private static float[] Inputs(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = i % 3 == 0 ? 0f : (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }
}
