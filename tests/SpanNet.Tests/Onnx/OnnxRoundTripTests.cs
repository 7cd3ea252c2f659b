using System;
using System.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Onnx.Protobuf;
using SpanNet.Tests.Inference;
using Xunit;

namespace SpanNet.Tests.Onnx;

/// <summary>SpanNet export → import gives back the same network: the same layers, bit-identical weights and outputs.</summary>
public class OnnxRoundTripTests
{
    public static TheoryData<string> Architectures => ["mnist", "every-activation", "no-bias", "log-probabilities", "scores-mse", "deep"];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Export_then_import_is_bit_identical_in_weights_and_outputs(string architecture)
    {
        using Network original = Build(architecture);
        using var stream = new MemoryStream(OnnxExporter.ToBytes(original));
        using Network imported = OnnxImporter.Import(stream, original.Loss);

        Assert.Equal(original.Inputs, imported.Inputs);
        Assert.Equal(original.PredictionOutput, imported.PredictionOutput);
        Assert.Equal(original.Layers.Count, imported.Layers.Count);
        for (int i = 0; i < original.Layers.Count; i++)
        {
            Assert.Equal(original.Layers[i].Kind, imported.Layers[i].Kind);
            Assert.Equal(original.Layers[i].Outputs, imported.Layers[i].Outputs);
        }

        Assert.Equal(Bits(original.Parameters.Values), Bits(imported.Parameters.Values));

        const int Batch = 5;
        float[] input = InferenceSessionTests.Input(Batch * original.Inputs, seed: 3, zeroPercent: 50);
        Assert.Equal(Bits(Predict(original, input, Batch)), Bits(Predict(imported, input, Batch)));

        // Exporting the imported network writes the very same bytes.
        Assert.Equal(OnnxExporter.ToBytes(original), OnnxExporter.ToBytes(imported));
    }

    [Fact]
    public void The_export_ends_in_the_node_of_the_prediction_output()
    {
        Assert.Equal("Softmax", LastOperator(Build("mnist")));
        Assert.Equal("LogSoftmax", LastOperator(Build("log-probabilities")));
        Assert.Equal("Gemm", LastOperator(Build("scores-mse")));
    }

    internal static float[] Predict(Network network, float[] input, int batch)
    {
        var output = new float[batch * network.Outputs];
        using Workspace workspace = network.CreateWorkspace(batch);
        network.Predict(input, output, batch, workspace);
        return output;
    }

    private static string LastOperator(Network network)
    {
        using (network)
        {
            return ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(network)).Graph.Node[^1].OpType;
        }
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }

    private static Network Build(string architecture) => architecture switch
    {
        "no-bias" => new NetworkBuilder(12).Dense(9, Activation.Relu, bias: false).Dense(4, bias: false).Build(21),
        "log-probabilities" => new NetworkBuilder(30).Dense(8, Activation.Tanh).Dense(6).Predicting(PredictionOutput.LogProbabilities).Build(22),
        "scores-mse" => new NetworkBuilder(10).Dense(7, Activation.Sigmoid).Dense(3).Loss(new SquaredErrorLoss()).Build(23),
        _ => InferenceSessionTests.Build(architecture),
    };
}
