using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Google.Protobuf;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Onnx.Protobuf;
using Xunit;

namespace SpanNet.Tests.Onnx;

/// <summary>
/// The graph patterns of issue #17 in the variants the fixtures do not show (other operand orders, Pow for a cube,
/// ReduceMean's axes as an input, folded constant maps), and the graphs just outside them, each refused by one
/// OnnxImportException naming the node.
/// </summary>
public class OnnxPatternGraphTests
{
    private const int Width = 4;

    private static readonly float[] Input = [-3.5f, -1.25f, -0.5f, 0f, 0.25f, 0.75f, 2f, 4.5f];

    [Fact]
    public void Gelu_with_the_half_taken_first_is_gelu()
    {
        ModelProto model = Graph(
            17,
            Node("Mul", "half", ["x", "c_half"], "h"),
            Node("Div", "scale", ["x", "c_root2"], "d"),
            Node("Erf", "erf", ["d"], "e"),
            Node("Add", "plus1", ["e", "c_one"], "p"),
            Node("Mul", "gelu", ["h", "p"], "y"));
        model.Graph.Initializer.Add(Scalar("c_half", 0.5f));
        model.Graph.Initializer.Add(Scalar("c_root2", MathF.Sqrt(2f)));
        model.Graph.Initializer.Add(Scalar("c_one", 1f));
        AssertActivation(model, Activation.Gelu);
    }

    [Fact]
    public void Gelu_tanh_with_a_pow_for_the_cube_is_the_tanh_form()
    {
        ModelProto model = Graph(
            13,
            Node("Pow", "cube", ["x", "c_three"], "x3"),
            Node("Mul", "cubic", ["c_cubic", "x3"], "cx3"),
            Node("Add", "inner", ["x", "cx3"], "s"),
            Node("Mul", "scale", ["s", "c_k"], "a"),
            Node("Tanh", "tanh", ["a"], "t"),
            Node("Add", "plus1", ["c_one", "t"], "p"),
            Node("Mul", "half", ["c_half", "x"], "h"),
            Node("Mul", "gelu", ["p", "h"], "y"));
        model.Graph.Initializer.Add(Scalar("c_three", 3f));
        model.Graph.Initializer.Add(Scalar("c_cubic", 0.044715f));
        model.Graph.Initializer.Add(Scalar("c_k", MathF.Sqrt(2f / MathF.PI)));
        model.Graph.Initializer.Add(Scalar("c_one", 1f));
        model.Graph.Initializer.Add(Scalar("c_half", 0.5f));
        AssertActivation(model, Activation.GeluTanh);
    }

    [Fact]
    public void Silu_with_the_sigmoid_first_is_silu()
    {
        ModelProto model = Graph(11, Node("Sigmoid", "s", ["x"], "g"), Node("Mul", "silu", ["g", "x"], "y"));
        AssertActivation(model, Activation.Silu);
    }

    [Fact]
    public void A_form_that_computes_no_activation_spannet_has_is_refused()
    {
        // 0.6·x·(1 + erf(x/√2)) is not GELU.
        ModelProto model = Graph(
            17,
            Node("Div", "scale", ["x", "c_root2"], "d"),
            Node("Erf", "erf", ["d"], "e"),
            Node("Add", "plus1", ["e", "c_one"], "p"),
            Node("Mul", "mul", ["x", "p"], "m"),
            Node("Mul", "not_half", ["m", "c_six_tenths"], "y"));
        model.Graph.Initializer.Add(Scalar("c_root2", MathF.Sqrt(2f)));
        model.Graph.Initializer.Add(Scalar("c_one", 1f));
        model.Graph.Initializer.Add(Scalar("c_six_tenths", 0.6f));
        AssertRefused(model, "node 'mul' (Mul)", "'x' also feeds node 'scale' (Div)", "GELU, SiLU, HardSwish");
    }

    [Fact]
    public void Layer_norm_decomposed_at_opset_18_with_axes_as_an_input_and_only_a_shift_is_layer_norm()
    {
        ModelProto model = Graph(
            18,
            Node("ReduceMean", "mean", ["x", "axes"], "m"),
            Node("Sub", "centre", ["x", "m"], "d"),
            Node("Pow", "square", ["d", "c_two"], "d2"),
            Node("ReduceMean", "variance", ["d2", "axes"], "v"),
            Node("Add", "epsilon", ["v", "c_eps"], "ve"),
            Node("Sqrt", "root", ["ve"], "s"),
            Node("Div", "normalise", ["d", "s"], "n"),
            Node("Add", "shift", ["n", "beta"], "y"));
        model.Graph.Initializer.Add(Int64s("axes", -1));
        model.Graph.Initializer.Add(Scalar("c_two", 2f));
        model.Graph.Initializer.Add(Scalar("c_eps", 1e-3f));
        model.Graph.Initializer.Add(Vector("beta", 0.5f, -0.5f, 1f, 0f));
        using Network network = Import(model);
        var layer = Assert.IsType<LayerNorm>(Assert.Single(network.Layers));
        Assert.Equal(1e-3f, layer.Epsilon);
        Assert.Equal([1f, 1f, 1f, 1f, 0.5f, -0.5f, 1f, 0f], network.LayerParameters(0).ToArray());

        float[] output = OnnxRoundTripTests.Predict(network, Input, 2);
        for (int row = 0; row < 2; row++)
        {
            double[] x = [.. Input.Skip(row * Width).Take(Width).Select(v => (double)v)];
            double mean = x.Average();
            double variance = x.Select(v => (v - mean) * (v - mean)).Average();
            double[] beta = [0.5, -0.5, 1, 0];
            for (int j = 0; j < Width; j++)
            {
                Assert.Equal(((x[j] - mean) / Math.Sqrt(variance + 1e-3)) + beta[j], output[(row * Width) + j], 5);
            }
        }
    }

    [Fact]
    public void Constant_maps_in_a_row_fold_into_one_fixed_map()
    {
        ModelProto model = Graph(
            13,
            Node("Mul", "scale", ["a", "x"], "m"),
            Node("Add", "shift", ["m", "b"], "s"),
            Node("Sub", "centre", ["s", "c"], "y"));
        model.Graph.Initializer.Add(Vector("a", 2f, -1f, 0.5f, 3f));
        model.Graph.Initializer.Add(Vector("b", 1f, 1f, -2f, 0.25f));
        model.Graph.Initializer.Add(Scalar("c", 0.5f));
        using Network network = Import(model);
        Assert.IsType<Standardize>(Assert.Single(network.Layers));
        float[] output = OnnxRoundTripTests.Predict(network, Input, 2);
        float[] a = [2f, -1f, 0.5f, 3f], b = [1f, 1f, -2f, 0.25f];
        for (int i = 0; i < Input.Length; i++)
        {
            Assert.Equal((Input[i] * a[i % Width]) + b[i % Width] - 0.5f, output[i], 5);
        }
    }

    [Fact]
    public void Constant_operations_right_after_a_dense_layer_fold_into_its_weights_and_bias_also_inside_a_block()
    {
        // x + ((x·W + b)·s − c)/d + e, W [4, 4] with no transpose: the whole branch is one dense layer.
        ModelProto model = Graph(
            13,
            Node("MatMul", "fc", ["x", "W"], "h"),
            Node("Add", "bias", ["b", "h"], "h1"),
            Node("Mul", "layer_scale", ["h1", "s"], "h2"),
            Node("Sub", "shift", ["h2", "c"], "h3"),
            Node("Div", "divide", ["h3", "d"], "h4"),
            Node("Add", "offset", ["h4", "e"], "f"),
            Node("Add", "skip", ["x", "f"], "y"));
        model.Graph.Initializer.Add(OnnxModels.Floats("W", [Width, Width], Width * Width));
        model.Graph.Initializer.Add(Vector("b", 1f, -1f, 0.5f, 0f));
        model.Graph.Initializer.Add(Vector("s", 2f, 0.5f, -1f, 3f));
        model.Graph.Initializer.Add(Scalar("c", 0.25f));
        model.Graph.Initializer.Add(Vector("d", 4f, 2f, 1f, 0.5f));
        model.Graph.Initializer.Add(Scalar("e", -1f));
        using Network network = Import(model);
        var block = Assert.IsType<ResidualBlock>(Assert.Single(network.Layers));
        Assert.IsType<Dense>(Assert.Single(block.Children));

        float[] output = OnnxRoundTripTests.Predict(network, Input, 2);
        double[] b = [1, -1, 0.5, 0], s = [2, 0.5, -1, 3], d = [4, 2, 1, 0.5];
        for (int row = 0; row < 2; row++)
        {
            for (int j = 0; j < Width; j++)
            {
                double h = b[j];
                for (int i = 0; i < Width; i++)
                {
                    h += Input[(row * Width) + i] * (0.1 * ((i * Width) + j + 1));
                }

                double expected = Input[(row * Width) + j] + ((((h * s[j]) - 0.25) / d[j]) - 1);
                Assert.Equal(expected, output[(row * Width) + j], 4);
            }
        }
    }

    [Fact]
    public void Every_folded_operation_counts_towards_the_activation_limit_so_a_run_of_folds_stays_cheap()
    {
        // A Sub at 2^20 features, then scalar Muls folded into it: each is a pass over the width, so each counts as a
        // layer of that width; the third fold crosses the 2^22 a sample may produce.
        int width = SpanNet.IO.ModelFile.MaxWidth;
        var graph = new GraphProto { Name = "folds" };
        graph.Input.Add(OnnxModels.Value("x", "N", width));
        graph.Output.Add(OnnxModels.Value("y", "N", width));
        graph.Initializer.Add(Scalar("c", 2f));
        graph.Node.Add(Node("Sub", "centre", ["x", "c"], "m"));
        for (int i = 0; i < 5; i++)
        {
            graph.Node.Add(Node("Mul", $"mul{i}", [i == 0 ? "m" : $"m{i - 1}", "c"], i == 4 ? "y" : $"m{i}"));
        }

        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        AssertRefused(model, "node 'mul2' (Mul)", "folded operations", $"{5L * width} activations per sample");
    }

    [Fact]
    public void A_constant_minus_the_data_is_a_fixed_map()
    {
        ModelProto model = Graph(13, Node("Sub", "flip", ["c", "x"], "y"));
        model.Graph.Initializer.Add(Scalar("c", 1.5f));
        using Network network = Import(model);
        float[] output = OnnxRoundTripTests.Predict(network, Input, 2);
        Assert.Equal(Input.Select(v => 1.5f - v).ToArray(), output);
    }

    [Fact]
    public void A_residual_block_that_starts_with_silu_reads_its_input_three_times()
    {
        ModelProto model = Graph(
            13,
            Node("Sigmoid", "s", ["x"], "g"),
            Node("Mul", "silu", ["x", "g"], "f1"),
            Node("Gemm", "fc", ["f1", "W", "bias"], "f2", Int("transB", 1)),
            Node("Add", "skip", ["f2", "x"], "r"),
            Node("Tanh", "after", ["r"], "y"));
        model.Graph.Initializer.Add(OnnxModels.Floats("W", [Width, Width], Width * Width));
        model.Graph.Initializer.Add(OnnxModels.Floats("bias", [Width], Width));
        using Network network = Import(model);
        var block = Assert.IsType<ResidualBlock>(Assert.Single(network.Layers));
        Assert.Equal(["Silu", "Dense"], block.Children.Select(c => c.Name));
        Assert.Equal(Activation.Tanh, block.Activation!.Activation);
    }

    [Fact]
    public void Clip_below_opset_11_with_only_a_minimum_is_unbounded_above_and_hard_sigmoid_takes_onnx_defaults()
    {
        ModelProto model = Graph(9, Node("Clip", "floor", ["x"], "c", Float("min", -1f)), Node("HardSigmoid", "hard", ["c"], "y"));
        using Network network = Import(model);
        var clip = (ActivationLayer)network.Layers[0];
        Assert.Equal((-1f, float.MaxValue), (clip.Alpha, clip.Beta));
        var hard = (ActivationLayer)network.Layers[1];
        Assert.Equal((0.2f, 0.5f), (hard.Alpha, hard.Beta));
    }

    [Fact]
    public void A_batch_norm_with_training_outputs_is_refused_naming_the_node()
    {
        ModelProto model = BatchNormGraph(9, variance: 1f);
        model.Graph.Node[0].Output.Add(["mean_out", "var_out", "saved_mean", "saved_var"]);
        AssertRefused(model, "node 'bn' (BatchNormalization)", "5 outputs", "inference mode");
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData(-4L)]
    public void Batch_norm_statistics_claiming_sizes_they_do_not_hold_are_refused_before_allocating(long dim)
    {
        ModelProto model = BatchNormGraph(14, variance: 1f);
        model.Graph.Initializer[2] = OnnxModels.Floats("mean", [dim], Width);
        AssertRefused(model, "node 'bn' (BatchNormalization)", "tensor 'mean'");
    }

    [Fact]
    public void A_negative_running_variance_is_refused()
    {
        AssertRefused(BatchNormGraph(14, variance: -1f), "node 'bn' (BatchNormalization)", "input_var 'var' is negative");
    }

    [Fact]
    public void A_batch_norm_momentum_outside_the_unit_interval_is_refused()
    {
        ModelProto model = BatchNormGraph(14, variance: 1f);
        model.Graph.Node[0].Attribute.Add(Float("momentum", 1.5f));
        AssertRefused(model, "node 'bn' (BatchNormalization)", "momentum is 1.5");
    }

    [Fact]
    public void Residual_blocks_inside_residual_blocks_are_refused()
    {
        ModelProto model = Graph(
            13,
            Node("Relu", "r1", ["x"], "a"),
            Node("Relu", "r2", ["a"], "b"),
            Node("Add", "inner_skip", ["a", "b"], "c"),
            Node("Add", "outer_skip", ["x", "c"], "y"));
        AssertRefused(model, "node 'inner_skip' (Add)", "do not nest");
    }

    [Fact]
    public void A_branch_that_changes_the_width_is_refused_at_the_sum()
    {
        ModelProto model = Graph(
            13,
            Node("Gemm", "narrow", ["x", "W", "bias"], "f", Int("transB", 1)),
            Node("Add", "skip", ["x", "f"], "y"));
        model.Graph.Initializer.Add(OnnxModels.Floats("W", [3, Width], 3 * Width));
        model.Graph.Initializer.Add(OnnxModels.Floats("bias", [3], 3));
        AssertRefused(model, "node 'skip' (Add)", "ends with 3 features, not 4");
    }

    [Fact]
    public void A_constant_map_inside_a_residual_block_is_refused()
    {
        ModelProto model = Graph(13, Node("Relu", "r", ["x"], "a"), Node("Mul", "scale", ["a", "c"], "b"), Node("Add", "skip", ["x", "b"], "y"));
        model.Graph.Initializer.Add(Scalar("c", 2f));
        AssertRefused(model, "node 'scale' (Mul)", "inside a residual block");
    }

    [Fact]
    public void A_constant_divided_by_the_data_is_refused()
    {
        ModelProto model = Graph(13, Node("Div", "reciprocal", ["c", "x"], "y"));
        model.Graph.Initializer.Add(Scalar("c", 2f));
        AssertRefused(model, "node 'reciprocal' (Div)", "divides a constant by the data");
    }

    [Fact]
    public void A_division_by_zero_is_refused()
    {
        ModelProto model = Graph(13, Node("Div", "scale", ["x", "c"], "y"));
        model.Graph.Initializer.Add(Vector("c", 1f, 2f, 0f, 4f));
        AssertRefused(model, "node 'scale' (Div)", "is 0 at element 2");
    }

    [Fact]
    public void Clip_with_a_minimum_above_its_maximum_is_refused()
    {
        ModelProto model = Graph(13, Node("Clip", "clip", ["x", "low", "high"], "y"));
        model.Graph.Initializer.Add(Scalar("low", 2f));
        model.Graph.Initializer.Add(Scalar("high", 1f));
        AssertRefused(model, "node 'clip' (Clip)", "min 2 > max 1");
    }

    [Fact]
    public void An_unknown_gelu_approximation_is_refused()
    {
        var approximate = new AttributeProto { Name = "approximate", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("fast") };
        AssertRefused(Graph(20, Node("Gelu", "gelu", ["x"], "y", approximate)), "node 'gelu' (Gelu)", "approximate is 'fast'");
    }

    [Fact]
    public void Layer_normalization_over_the_batch_axis_is_refused()
    {
        ModelProto model = Graph(17, Node("LayerNormalization", "ln", ["x", "scale"], "y", Int("axis", 0)));
        model.Graph.Initializer.Add(Vector("scale", 1f, 2f, 3f, 4f));
        AssertRefused(model, "node 'ln' (LayerNormalization)", "axis is 0");
    }

    [Fact]
    public void An_operator_that_only_a_form_uses_is_refused_on_its_own()
    {
        AssertRefused(Graph(13, Node("Erf", "erf", ["x"], "y")), "node 'erf' (Erf)", "only inside the forms");
    }

    [Fact]
    public void A_prelu_slope_of_another_shape_is_refused()
    {
        ModelProto model = Graph(13, Node("PRelu", "prelu", ["x", "slope"], "y"));
        model.Graph.Initializer.Add(OnnxModels.Floats("slope", [2, 2], 4));
        AssertRefused(model, "node 'prelu' (PRelu)", "slope 'slope' is [2, 2]");
    }

    [Fact]
    public void A_transpose_of_weights_other_than_a_swap_is_refused()
    {
        ModelProto model = Graph(17, Node("Transpose", "t", ["W"], "wt", Ints("perm", 0, 1)), Node("MatMul", "mm", ["x", "wt"], "y"));
        model.Graph.Initializer.Add(OnnxModels.Floats("W", [Width, Width], Width * Width));
        AssertRefused(model, "node 't' (Transpose)", "perm is [0, 1]");
    }

    [Fact]
    public void A_node_reading_a_value_defined_after_it_is_refused()
    {
        ModelProto model = Graph(13, Node("Relu", "early", ["later"], "a"), Node("Relu", "late", ["x"], "later"), Node("Relu", "last", ["a"], "y"));
        AssertRefused(model, "node 'early' (Relu)", "'later' is neither an initializer nor a Constant nor the output of an earlier node");
    }

    private static void AssertActivation(ModelProto model, Activation activation)
    {
        using Network network = Import(model);
        var layer = Assert.IsType<ActivationLayer>(Assert.Single(network.Layers));
        Assert.Equal(activation, layer.Descriptor.Activation);
        ActivationDescriptor descriptor = ActivationDescriptors.For(activation);
        float[] output = OnnxRoundTripTests.Predict(network, Input, 2);
        for (int i = 0; i < Input.Length; i++)
        {
            Assert.Equal(descriptor.Reference(Input[i], 0), output[i], 5);
        }
    }

    /// <summary>x [N, 4] → BatchNormalization 'bn' (scale 1, 2, 3, 4; B 0; mean 0.5; every variance <paramref name="variance"/>) → y.</summary>
    private static ModelProto BatchNormGraph(int opset, float variance)
    {
        ModelProto model = Graph(opset, Node("BatchNormalization", "bn", ["x", "scale", "B", "mean", "var"], "y"));
        model.Graph.Initializer.Add(Vector("scale", 1f, 2f, 3f, 4f));
        model.Graph.Initializer.Add(Vector("B", 0f, 0f, 0f, 0f));
        model.Graph.Initializer.Add(Vector("mean", 0.5f, 0.5f, 0.5f, 0.5f));
        model.Graph.Initializer.Add(Vector("var", variance, variance, variance, variance));
        return model;
    }

    /// <summary>x [N, 4] → <paramref name="nodes"/> → y [N, 4] at <paramref name="opset"/>.</summary>
    private static ModelProto Graph(int opset, params NodeProto[] nodes)
    {
        var graph = new GraphProto { Name = "pattern" };
        graph.Input.Add(OnnxModels.Value("x", "N", Width));
        graph.Output.Add(OnnxModels.Value("y", "N", Width));
        graph.Node.Add(nodes);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
        return model;
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes) =>
        OnnxModels.Node(op, name, inputs, output, attributes);

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static TensorProto Scalar(string name, float value) => Floats(name, [], value);

    private static TensorProto Vector(string name, params float[] values) => Floats(name, [values.Length], values);

    private static TensorProto Floats(string name, long[] dims, params float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = OnnxModels.FloatType };
        tensor.Dims.Add(dims);
        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        tensor.RawData = ByteString.CopyFrom(raw);
        return tensor;
    }

    private static TensorProto Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        return tensor;
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
