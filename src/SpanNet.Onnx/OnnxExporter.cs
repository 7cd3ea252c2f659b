using System;
using System.IO;
using System.Reflection;
using Google.Protobuf;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx.Export;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx;

/// <summary>
/// Writes a network as an ONNX model (IR version 8, opset 17) that ONNX Runtime and other ONNX tools load, computing
/// what <see cref="Network.Predict"/> and <c>InferenceSession.Predict</c> compute.
/// </summary>
/// <remarks>
/// <para>
/// The graph takes one float input <c>input</c> of shape [N, Inputs] (N, the batch, is symbolic) and gives one float
/// output <c>output</c> of shape [N, Outputs]. Each layer writes its own nodes (<c>Layer.WriteOnnx</c>): a dense layer
/// with bias is <c>Gemm</c> (Y = A·B + C, with B the weights [inputs, outputs] as SpanNet stores them, so no
/// transpose), one without bias is <c>MatMul</c>; ReLU, leaky ReLU (its α as <c>alpha</c>), sigmoid, tanh, ELU, hard
/// swish, hard sigmoid and a softmax layer are their operators (softmax on axis −1); GELU is the <c>Erf</c> subgraph
/// PyTorch writes, SiLU <c>x·Sigmoid(x)</c>, ReLU6 and clip <c>Clip</c> with constant bounds, softplus <c>Softplus</c>
/// (scaled by β around it when β ≠ 1); BatchNorm is <c>BatchNormalization</c> (its running statistics as inputs),
/// LayerNorm <c>LayerNormalization</c>, PReLU <c>PRelu</c>, dropout <c>Identity</c>, a standardisation
/// <c>Sub</c>/<c>Div</c> (or <c>Mul</c>/<c>Add</c>) by constant vectors, a residual block its inner nodes and an
/// <c>Add</c> of its input; the step function is <c>Greater</c>(x, 0) then <c>Cast</c> to float.
/// </para>
/// <para>
/// The graph ends as <see cref="Network.PredictionOutput"/> says, so <c>output</c> holds exactly what
/// <see cref="Network.Predict"/> returns: nothing is appended for scores, <c>Softmax</c> (axis −1) for probabilities
/// (a network trained with the fused <see cref="SoftmaxCrossEntropyLoss"/> predicts those by default) and
/// <c>LogSoftmax</c> (axis −1) for log-probabilities.
/// Weights and biases are initializers named <c>layer{i}.weight</c> and <c>layer{i}.bias</c>, i being the layer's index.
/// </para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the graph imports (the default domain).</summary>
    public const int OpsetVersion = 17;

    /// <summary>The ONNX IR version written: 8, the IR of opset 17 (ONNX 1.12).</summary>
    public const int IrVersion = 8;

    /// <summary>The name of the graph's input, [N, Inputs] float.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph's output, [N, Outputs] float.</summary>
    public const string OutputName = "output";

    private const string BatchDimension = "N";

    /// <summary>Writes <paramref name="network"/> as an ONNX model to <paramref name="destination"/>.</summary>
    /// <param name="network">The network; only read.</param>
    /// <param name="destination">A writable stream; left open.</param>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞.</exception>
    public static void Export(Network network, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ToModel(network).WriteTo(destination);
    }

    /// <summary>Writes <paramref name="network"/> as an ONNX model file at <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="network">The network; only read.</param>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Export(Network network, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(network);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// Writes <paramref name="network"/> as an ONNX model file with a table model's numeric maps in the graph: the
    /// input standardisation as <c>Sub</c>/<c>Div</c> at its start and a regressor's target scaling as
    /// <c>Mul</c>/<c>Add</c> at its end. The graph then takes the encoded row (numeric columns as they are, missing ones
    /// replaced by their training mean, categorical columns one-hot encoded) and gives the label's units.
    /// </summary>
    /// <param name="network">The network; only read.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="maps">The maps; their widths must fit the network.</param>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞, or the maps do not fit.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Export(Network network, string path, OnnxTableMaps maps)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(maps);
        File.WriteAllBytes(path, ToModel(network, maps).ToByteArray());
    }

    /// <summary>The ONNX model's bytes, as <see cref="Export(Network, Stream)"/> writes them.</summary>
    /// <param name="network">The network; only read.</param>
    /// <returns>A serialized <c>onnx.ModelProto</c>.</returns>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞.</exception>
    public static byte[] ToBytes(Network network) => ToModel(network).ToByteArray();

    /// <summary>Builds the model message; the tests parse it back to check the graph.</summary>
    internal static ModelProto ToModel(Network network, OnnxTableMaps? maps = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        maps?.Check(network.Inputs);
        CheckFinite(network.Parameters.Values, network);
        CheckFinite(network.State, network);

        var graph = new GraphProto { Name = "spannet" };
        graph.Input.Add(TensorValue(InputName, network.Inputs));
        var writer = new GraphWriter(graph);
        string current = InputName;
        if (maps is not null)
        {
            // The table's standardisation is the fixed map a Standardize layer writes, in its (x − a)/b form.
            new Standardize(network.Inputs, subtractDivide: true)
                .WriteOnnx(writer, "table.standardize", InputName, "table.standardized", [], [.. maps.InputMean, .. maps.InputScale]);
            current = "table.standardized";
        }

        bool restoresOutput = maps is not null && (maps.OutputScale != 1f || maps.OutputShift != 0f);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            bool last = i == network.Layers.Count - 1 && network.PredictionOutput == PredictionOutput.Scores && !restoresOutput;
            string output = last ? OutputName : $"layer{i}.output";
            network.Layers[i].WriteOnnx(writer, $"layer{i}", current, output, network.LayerParameters(i), network.LayerState(i));
            current = output;
        }

        if (restoresOutput)
        {
            new Standardize(network.Outputs, subtractDivide: false).WriteOnnx(
                writer, "table.restore", current, OutputName, [], [.. Repeat(maps!.OutputScale, network.Outputs), .. Repeat(maps.OutputShift, network.Outputs)]);
        }
        else if (network.PredictionOutput != PredictionOutput.Scores)
        {
            // The network turns its scores into (log-)probabilities when predicting; so does the exported graph.
            string operatorType = network.PredictionOutput == PredictionOutput.LogProbabilities ? "LogSoftmax" : "Softmax";
            graph.Node.Add(Node(operatorType, "prediction." + operatorType.ToLowerInvariant(), [current], OutputName, IntAttribute("axis", -1)));
        }

        graph.Output.Add(TensorValue(OutputName, network.Outputs));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SpanNet",
            ProducerVersion = ProducerVersion(),
            Graph = graph,
            DocString = $"SpanNet network, {network.Inputs} inputs, {network.Outputs} outputs, trained with {network.Loss.Kind}.",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        return model;
    }

    private static float[] Repeat(float value, int count)
    {
        float[] values = new float[count];
        Array.Fill(values, value);
        return values;
    }

    private static void CheckFinite(ReadOnlySpan<float> values, Network network)
    {
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("The network has a NaN or infinite parameter or state value (did training diverge?); it cannot be exported.", nameof(network));
            }
        }
    }

    internal static NodeProto Node(string operatorType, string name, string[] inputs, string output, AttributeProto? attribute = null)
    {
        var node = new NodeProto { OpType = operatorType, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        if (attribute is not null)
        {
            node.Attribute.Add(attribute);
        }

        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float tensor of shape <paramref name="dims"/> (a scalar when empty), row-major like SpanNet's spans.</summary>
    internal static TensorProto FloatTensor(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (long dim in dims)
        {
            tensor.Dims.Add(dim);
        }

        tensor.FloatData.Capacity = values.Length;
        foreach (float value in values)
        {
            tensor.FloatData.Add(value);
        }

        return tensor;
    }

    /// <summary>A [N, <paramref name="features"/>] float tensor's type, N being the symbolic batch.</summary>
    private static ValueInfoProto TensorValue(string name, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static string ProducerVersion() =>
        typeof(Network).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Network).Assembly.GetName().Version?.ToString()
        ?? string.Empty;
}
