using System;
using System.IO;
using Google.Protobuf;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Onnx.Protobuf;
using Xunit;

namespace SpanNet.Tests.Onnx;

/// <summary>Graphs outside what SpanNet imports, each refused by one OnnxImportException naming the node or tensor at fault.</summary>
public class OnnxHostileGraphTests
{
    [Fact]
    public void The_valid_base_model_imports()
    {
        using Network network = Import(OnnxModels.Valid());
        Assert.Equal(4, network.Inputs);
        Assert.Equal(3, network.Outputs);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(21)]
    public void Every_supported_opset_imports_with_a_final_softmax_over_the_rows(int opset)
    {
        ModelProto model = OnnxModels.Valid();
        model.OpsetImport[0].Version = opset;
        model.Graph.Node[1].Output[0] = "r";
        model.Graph.Node.Add(OnnxModels.Node("Softmax", "softmax", ["r"], "y"));
        using Network network = Import(model);
        Assert.Equal(PredictionOutput.Probabilities, network.PredictionOutput);
    }

    [Fact]
    public void A_dropout_with_constant_ratio_and_training_mode_false_is_an_identity()
    {
        ModelProto model = OnnxModels.Valid();
        var training = new TensorProto { Name = "training", DataType = (int)TensorProto.Types.DataType.Bool, RawData = ByteString.CopyFrom(0) };
        model.Graph.Initializer.Add(training);
        model.Graph.Initializer.Add(OnnxModels.Floats("ratio", [], 1));
        model.Graph.Node[1].Output[0] = "r";
        var dropout = OnnxModels.Node("Dropout", "drop", ["r", "ratio", "training"], "y");
        dropout.Output.Add("mask");
        model.Graph.Node.Add(dropout);
        using Network network = Import(model);
        Assert.Equal(2, network.Layers.Count);
    }

    [Fact]
    public void A_consumed_dropout_mask_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1].Output[0] = "r";
        var dropout = OnnxModels.Node("Dropout", "drop", ["r"], "d");
        dropout.Output.Add("mask");
        model.Graph.Node.Add(dropout);
        model.Graph.Node.Add(OnnxModels.Node("Relu", "uses_mask", ["mask"], "y"));
        AssertRefused(model, "node 'uses_mask' (Relu)", "'mask' is the mask of Dropout 'drop'");
    }

    [Fact]
    public void A_branch_is_refused_naming_the_node_that_leaves_the_chain()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node.Add(OnnxModels.Node("Sigmoid", "side", ["h"], "s"));
        AssertRefused(model, "node 'side' (Sigmoid)", "'h' also feeds node 'relu' (Relu)", "residual block's skip");
    }

    [Fact]
    public void Two_data_inputs_are_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Input.Add(OnnxModels.Value("x2", "N", 4));
        AssertRefused(model, "2 data inputs");
    }

    [Fact]
    public void Two_outputs_are_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Output.Add(OnnxModels.Value("h", "N", 3));
        AssertRefused(model, "2 outputs");
    }

    [Fact]
    public void Int64_weights_are_refused_naming_the_tensor_and_the_type()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Initializer[0].DataType = (int)TensorProto.Types.DataType.Int64;
        AssertRefused(model, "node 'fc1' (Gemm)", "tensor 'W'", "int64", "float32");
    }

    [Fact]
    public void An_unknown_operator_is_refused_with_the_supported_list()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1].OpType = "Conv";
        AssertRefused(model, "node 'relu' (Conv)", "Conv is not supported", "Gemm, MatMul");
    }

    [Fact]
    public void An_unknown_operator_off_the_chain_is_refused_by_its_operator()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node.Add(OnnxModels.Node("Shape", "shape_of_input", ["x"], "s"));
        AssertRefused(model, "node 'shape_of_input' (Shape)", "Shape is not supported");
    }

    [Fact]
    public void An_elu_alpha_spannet_cannot_take_is_refused_naming_the_node()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1].OpType = "Elu";
        model.Graph.Node[1].Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = -1f });
        AssertRefused(model, "node 'relu' (Elu)", "alpha is -1", "finite and positive");
    }

    [Fact]
    public void An_unknown_domain_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1].Domain = "com.microsoft";
        AssertRefused(model, "node 'relu' (Relu)", "domain 'com.microsoft'");
    }

    [Fact]
    public void Weights_that_do_not_fit_the_input_are_refused_naming_both_shapes()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Initializer[0] = OnnxModels.Floats("W", [3, 5], 15);
        AssertRefused(model, "node 'fc1' (Gemm)", "'W' are [3, 5]", "4 features");
    }

    [Fact]
    public void A_bias_of_the_wrong_width_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Initializer[1] = OnnxModels.Floats("b", [4], 4);
        AssertRefused(model, "node 'fc1' (Gemm)", "C 'b' is [4]");
    }

    [Theory]
    [InlineData(1L << 40, 4L)]
    [InlineData(100_000L, 100_000L)]
    [InlineData(long.MaxValue, 2L)]
    [InlineData(3L, -4L)]
    public void Huge_or_negative_declared_dims_without_their_data_are_refused_before_allocating(long rows, long columns)
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Initializer[0] = OnnxModels.Floats("W", [rows, columns], 12);
        AssertRefused(model, "node 'fc1' (Gemm)", "tensor 'W'");
    }

    [Fact]
    public void Raw_data_shorter_than_the_dims_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Initializer[0] = OnnxModels.Floats("W", [3, 4], 11);
        AssertRefused(model, "tensor 'W'", "48 bytes", "44 bytes");
    }

    [Fact]
    public void External_data_is_refused_as_not_supported()
    {
        ModelProto model = OnnxModels.Valid();
        TensorProto weights = model.Graph.Initializer[0];
        weights.RawData = ByteString.Empty;
        weights.DataLocation = TensorProto.Types.DataLocation.External;
        weights.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "model.onnx.data" });
        AssertRefused(model, "tensor 'W'", "EXTERNAL", "embedded");
    }

    [Fact]
    public void A_nan_weight_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        byte[] raw = model.Graph.Initializer[0].RawData.ToByteArray();
        BitConverter.TryWriteBytes(raw.AsSpan(8), float.NaN);
        model.Graph.Initializer[0].RawData = ByteString.CopyFrom(raw);
        AssertRefused(model, "node 'fc1' (Gemm)", "NaN or infinite weight at element 2");
    }

    [Fact]
    public void Gemm_with_a_transposed_data_input_is_refused_naming_the_attribute()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "transA", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        AssertRefused(model, "node 'fc1' (Gemm)", "transA");
    }

    [Fact]
    public void A_softmax_that_is_not_last_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1].Output[0] = "p";
        model.Graph.Node.Insert(1, OnnxModels.Node("Softmax", "early_softmax", ["h"], "h2"));
        model.Graph.Node[2].Input[0] = "h2";
        model.Graph.Node[2].Output[0] = "y";
        AssertRefused(model, "node 'relu' (Relu)", "follows the final Softmax");
    }

    [Fact]
    public void Softmax_over_the_batch_axis_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1] = OnnxModels.Node("Softmax", "sm", ["h"], "y", new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        AssertRefused(model, "node 'sm' (Softmax)", "axis is 0");
    }

    [Fact]
    public void A_leaky_relu_slope_outside_the_unit_interval_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1] = OnnxModels.Node("LeakyRelu", "leaky", ["h"], "y", new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 1.5f });
        AssertRefused(model, "node 'leaky' (LeakyRelu)", "alpha is 1.5");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(22)]
    public void An_opset_outside_9_to_21_is_refused(int opset)
    {
        ModelProto model = OnnxModels.Valid();
        model.OpsetImport[0].Version = opset;
        AssertRefused(model, $"opset {opset}", "9 to 21");
    }

    [Fact]
    public void A_missing_weights_input_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[0].Input[1] = "nowhere";
        AssertRefused(model, "node 'fc1' (Gemm)", "'nowhere' is neither an initializer nor a Constant");
    }

    [Fact]
    public void A_training_mode_dropout_is_refused()
    {
        ModelProto model = OnnxModels.Valid();
        var training = new TensorProto { Name = "training", DataType = (int)TensorProto.Types.DataType.Bool, RawData = ByteString.CopyFrom(1) };
        model.Graph.Initializer.Add(training);
        model.Graph.Initializer.Add(OnnxModels.Floats("ratio", [], 1));
        model.Graph.Node[1].Output[0] = "r";
        model.Graph.Node.Add(OnnxModels.Node("Dropout", "drop", ["r", "ratio", "training"], "y"));
        AssertRefused(model, "node 'drop' (Dropout)", "training_mode is true");
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { (byte)'S', (byte)'P', (byte)'N', (byte)'N', 1, 0, 0, 0 })]
    public void Bytes_that_are_not_an_onnx_model_are_refused(byte[] bytes)
    {
        Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_stream_longer_than_the_limit_is_refused_before_it_is_read()
    {
        using var huge = new ClaimedLengthStream(OnnxImporter.MaxModelBytes + 1);
        OnnxImportException error = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(huge));
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, huge.BytesRead);
    }

    [Fact]
    public void An_input_wider_than_a_model_file_allows_is_refused()
    {
        ModelProto model = ReluChain(ModelFile.MaxWidth + 1, relus: 1);
        AssertRefused(model, "its input 'x'", $"from 1 to {OnnxImporter.MaxWidth}");
    }

    [Fact]
    public void Activations_past_the_per_sample_limit_are_refused_at_the_node_that_crosses_it()
    {
        // 2^20 inputs and four ReLUs of 2^20 each: five widths, one more than the 2^22 a sample may produce. Activation
        // layers have no parameters, so without this limit a few hundred bytes could ask for gigabytes of workspace.
        ModelProto model = ReluChain(ModelFile.MaxWidth, relus: 4);
        AssertRefused(model, "node 'relu3' (Relu)", $"{5L * ModelFile.MaxWidth} activations per sample", $"limit of {OnnxImporter.MaxActivationsPerSample}");
    }

    [Fact]
    public void A_network_at_every_limit_imports_and_round_trips_through_a_model_file()
    {
        // The importer's limits are the model file's, so what imports can be saved and loaded back.
        ModelProto model = ReluChain(ModelFile.MaxWidth, relus: 3);
        using Network network = Import(model);
        Assert.Equal(ModelFile.MaxActivationsPerSample, network.Inputs + (3L * network.Outputs));
        using Network loaded = ModelFile.Deserialize(ModelFile.Serialize(network), "imported");
        Assert.Equal(3, loaded.Layers.Count);
        Assert.Equal(ModelFile.MaxWidth, loaded.Outputs);
    }

    [Fact]
    public void Subgraphs_nested_past_the_parser_depth_are_refused()
    {
        ModelProto model = OnnxModels.Valid();
        var graph = new GraphProto { Name = "deepest" };
        for (int depth = 0; depth < 120; depth++)
        {
            var holder = new NodeProto { OpType = "If", Name = $"if{depth}" };
            holder.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = graph });
            graph = new GraphProto { Name = $"level{depth}" };
            graph.Node.Add(holder);
        }

        model.Graph.Node[1].Attribute.Add(new AttributeProto { Name = "deep", Type = AttributeProto.Types.AttributeType.Graph, G = graph });
        OnnxImportException error = Assert.Throws<OnnxImportException>(() => Import(model));
        Assert.Contains("not a valid ONNX protobuf file", error.Message, StringComparison.Ordinal);
    }

    /// <summary>x [N, <paramref name="width"/>] → <paramref name="relus"/> Relu nodes 'relu0', 'relu1', … → y: no weights, so as wide as wanted in a few hundred bytes.</summary>
    private static ModelProto ReluChain(int width, int relus)
    {
        var graph = new GraphProto { Name = "relus" };
        graph.Input.Add(OnnxModels.Value("x", "N", width));
        graph.Output.Add(OnnxModels.Value("y", "N", width));
        for (int i = 0; i < relus; i++)
        {
            graph.Node.Add(OnnxModels.Node("Relu", $"relu{i}", [i == 0 ? "x" : $"h{i - 1}"], i == relus - 1 ? "y" : $"h{i}"));
        }

        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        return model;
    }

    private static Network Import(ModelProto model) => OnnxImporter.Import(new MemoryStream(OnnxModels.Bytes(model)));

    private static void AssertRefused(ModelProto model, params string[] fragments)
    {
        OnnxImportException error = Assert.Throws<OnnxImportException>(() => Import(model));
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }
}
