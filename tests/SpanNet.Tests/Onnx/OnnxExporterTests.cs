using System;
using System.IO;
using System.Linq;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Onnx.Protobuf;
using SpanNet.Tests.Inference;
using SpanNet.Tests.IO;
using SpanNet.Tests.Networks;
using Xunit;

namespace SpanNet.Tests.Onnx;

/// <summary>The exporter's bytes parsed back with the generated ONNX classes: structure, shapes and weights.</summary>
public class OnnxExporterTests
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;

    [Fact]
    public void An_mnist_network_round_trips_as_gemm_relu_gemm_softmax_with_its_exact_weights()
    {
        using Network net = NetworkFactory.Mnist(5);
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(net));

        Assert.Equal(8, model.IrVersion);
        OperatorSetIdProto opset = Assert.Single(model.OpsetImport);
        Assert.Equal(string.Empty, opset.Domain);
        Assert.Equal(17, opset.Version);
        Assert.Equal("SpanNet", model.ProducerName);

        GraphProto graph = model.Graph;
        Assert.Equal(["Gemm", "Relu", "Gemm", "Softmax"], graph.Node.Select(n => n.OpType));
        AssertChained(graph);
        Assert.Equal(["input", "layer0.weight", "layer0.bias"], graph.Node[0].Input);
        Assert.Empty(graph.Node[0].Attribute);
        Assert.Equal(-1, Assert.Single(graph.Node[3].Attribute, a => a.Name == "axis").I);

        Assert.Equal(["layer0.weight", "layer0.bias", "layer2.weight", "layer2.bias"], graph.Initializer.Select(t => t.Name));
        AssertTensor(graph, "layer0.weight", [784, 100], net.Weights(0));
        AssertTensor(graph, "layer0.bias", [100], net.Biases(0));
        AssertTensor(graph, "layer2.weight", [100, 10], net.Weights(2));
        AssertTensor(graph, "layer2.bias", [10], net.Biases(2));

        AssertValue(Assert.Single(graph.Input), "input", 784);
        AssertValue(Assert.Single(graph.Output), "output", 10);
    }

    [Fact]
    public void Every_activation_maps_to_its_operator_in_layer_order()
    {
        using Network net = InferenceSessionTests.Build("every-activation");
        GraphProto graph = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(net)).Graph;
        Assert.Equal(
            ["Gemm", "LeakyRelu", "Gemm", "Sigmoid", "Gemm", "Tanh", "Gemm", "Relu", "Gemm", "Softmax"],
            graph.Node.Select(n => n.OpType));
        AssertChained(graph);
        AttributeProto alpha = Assert.Single(graph.Node[1].Attribute);
        Assert.Equal("alpha", alpha.Name);
        Assert.Equal(AttributeProto.Types.AttributeType.Float, alpha.Type);
        Assert.Equal(0.1f, alpha.F);
        for (int layer = 0; layer < net.Layers.Count; layer += 2)
        {
            var dense = (Dense)net.Layers[layer];
            AssertTensor(graph, $"layer{layer}.weight", [dense.Inputs, dense.Outputs], net.Weights(layer));
            AssertTensor(graph, $"layer{layer}.bias", [dense.Outputs], net.Biases(layer));
        }
    }

    [Fact]
    public void Elu_exports_as_elu_with_its_alpha()
    {
        using Network net = InferenceSessionTests.Build("elu");
        GraphProto graph = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(net)).Graph;
        Assert.Equal(["Gemm", "Elu", "Gemm", "Elu", "Gemm", "Softmax"], graph.Node.Select(n => n.OpType));
        AssertChained(graph);
        Assert.Equal(0.7f, Assert.Single(graph.Node[1].Attribute, a => a.Name == "alpha").F);
        Assert.Equal(1f, Assert.Single(graph.Node[3].Attribute, a => a.Name == "alpha").F);
    }

    [Fact]
    public void Layers_without_bias_are_matmul_a_step_is_greater_then_cast_and_other_losses_add_no_softmax()
    {
        using Network net = InferenceSessionTests.Build("no-bias-mse");
        GraphProto graph = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(net)).Graph;
        Assert.Equal(["MatMul", "Greater", "Cast", "MatMul"], graph.Node.Select(n => n.OpType));
        AssertChained(graph);
        Assert.Equal(FloatType, Assert.Single(graph.Node[2].Attribute, a => a.Name == "to").I);
        TensorProto zero = Assert.Single(graph.Initializer, t => t.Name == "layer1.zero");
        Assert.Empty(zero.Dims);
        Assert.Equal([0f], zero.FloatData);
        Assert.Equal(["layer0.weight", "layer1.zero", "layer2.weight"], graph.Initializer.Select(t => t.Name));
        AssertTensor(graph, "layer0.weight", [3, 129], net.Weights(0));
        AssertTensor(graph, "layer2.weight", [129, 2], net.Weights(2));
        AssertValue(Assert.Single(graph.Output), "output", 2);
    }

    [Fact]
    public void A_softmax_layer_with_cross_entropy_is_exported_once()
    {
        using Network net = InferenceSessionTests.Build("softmax-layer");
        GraphProto graph = ModelProto.Parser.ParseFrom(OnnxExporter.ToBytes(net)).Graph;
        Assert.Equal(["Gemm", "Relu", "Gemm", "Softmax"], graph.Node.Select(n => n.OpType));
        AssertChained(graph);
    }

    [Fact]
    public void Stream_file_and_byte_exports_are_identical_and_deterministic()
    {
        using Network net = NetworkFactory.Mnist(6);
        byte[] bytes = OnnxExporter.ToBytes(net);
        Assert.Equal(bytes, OnnxExporter.ToBytes(net));
        using var stream = new MemoryStream();
        OnnxExporter.Export(net, stream);
        Assert.Equal(bytes, stream.ToArray());
        using var directory = new TempDirectory();
        string path = directory.Combine("net.onnx");
        OnnxExporter.Export(net, path);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_network_with_a_non_finite_parameter_is_refused()
    {
        using Network net = NetworkFactory.Mnist();
        net.Parameters.Values[7] = float.PositiveInfinity;
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => OnnxExporter.ToBytes(net)).ParamName);
        Assert.Throws<ArgumentNullException>(() => OnnxExporter.ToBytes(null!));
    }

    /// <summary>Each node reads the previous node's output; the first reads the graph input, the last writes the graph output.</summary>
    private static void AssertChained(GraphProto graph)
    {
        string previous = OnnxExporter.InputName;
        foreach (NodeProto node in graph.Node)
        {
            Assert.Equal(previous, node.Input[0]);
            previous = Assert.Single(node.Output);
        }

        Assert.Equal(OnnxExporter.OutputName, previous);
        Assert.Equal(graph.Node.Count, graph.Node.Select(n => n.Name).Distinct().Count());
    }

    private static void AssertTensor(GraphProto graph, string name, long[] dims, ReadOnlySpan<float> expected)
    {
        TensorProto tensor = Assert.Single(graph.Initializer, t => t.Name == name);
        Assert.Equal(FloatType, tensor.DataType);
        Assert.Equal(dims, tensor.Dims);
        Assert.Equal(expected.ToArray(), tensor.FloatData.ToArray());
    }

    private static void AssertValue(ValueInfoProto value, string name, int features)
    {
        Assert.Equal(name, value.Name);
        Assert.Equal(FloatType, value.Type.TensorType.ElemType);
        Assert.Equal(2, value.Type.TensorType.Shape.Dim.Count);
        Assert.Equal("N", value.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(features, value.Type.TensorType.Shape.Dim[1].DimValue);
    }
}
