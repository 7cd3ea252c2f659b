using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

/// <summary>
/// Walks an ONNX graph and turns it into an <see cref="ImportPlan"/>, checking all of it before anything is allocated
/// for the network: one float input and one output, nodes forming a single chain from the input to the output (every
/// other node input a constant), the default operator domain at a supported opset, supported operators with supported
/// attributes, shapes that line up, and initializers whose declared size matches the data they hold.
/// </summary>
internal sealed partial class GraphPlanner
{
    private const int MaxReshapeRank = 8;

    /// <summary>The ONNX operators of SpanNet's element-wise activations, from the descriptor table.</summary>
    private static readonly string[] ActivationOperators = FindActivationOperators();

    // Static fields initialise in the order written: this one reads ActivationOperators.
    /// <summary>The operators the importer maps, for messages: the structural ones and every activation the descriptor table names.</summary>
    public static readonly string SupportedOperators =
        $"Gemm, MatMul, Add (a bias after Gemm or MatMul), Flatten, Reshape, Identity, Dropout, {string.Join(", ", ActivationOperators)}, Softmax and LogSoftmax (last), Constant";

    /// <summary>The operators that continue the chain (Constant is handled apart), as the switch in PlanNode maps them.</summary>
    private static readonly FrozenSet<string> ChainOperators = FrozenSet.ToFrozenSet(
        ["Gemm", "MatMul", "Add", "Flatten", "Reshape", "Identity", "Dropout", "Softmax", "LogSoftmax", .. ActivationOperators],
        StringComparer.Ordinal);

    private readonly string _source;
    private readonly int _opset;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _definedValues = new(StringComparer.Ordinal);
    private readonly List<PlannedLayer> _layers = [];
    private long _parameters;

    /// <summary>The input's features plus the width of every layer planned so far.</summary>
    private long _activations;

    private GraphPlanner(string source, int opset)
    {
        _source = source;
        _opset = opset;
    }

    /// <summary>The plan for <paramref name="model"/>; <paramref name="source"/> names the model in messages.</summary>
    /// <exception cref="OnnxImportException">The model is outside what SpanNet imports.</exception>
    public static ImportPlan Plan(ModelProto model, string source)
    {
        GraphProto graph = model.Graph ?? throw new OnnxImportException($"ONNX model '{source}' has no graph.");
        var planner = new GraphPlanner(source, DefaultOpset(model, source));
        return planner.PlanGraph(graph);
    }

    private static int DefaultOpset(ModelProto model, string source)
    {
        long? opset = null;
        foreach (OperatorSetIdProto import in model.OpsetImport)
        {
            if (IsDefaultDomain(import.Domain))
            {
                opset = import.Version;
            }
        }

        if (opset is null)
        {
            throw new OnnxImportException($"ONNX model '{source}' imports no version of the default operator set (ai.onnx); SpanNet imports opsets {OnnxImporter.MinOpset} to {OnnxImporter.MaxOpset}.");
        }

        if (opset < OnnxImporter.MinOpset || opset > OnnxImporter.MaxOpset)
        {
            throw new OnnxImportException($"ONNX model '{source}' uses opset {opset}; SpanNet imports opsets {OnnxImporter.MinOpset} to {OnnxImporter.MaxOpset}.");
        }

        return (int)opset.Value;
    }

    private static bool IsDefaultDomain(string domain) => domain.Length == 0 || domain == "ai.onnx";

    private ImportPlan PlanGraph(GraphProto graph)
    {
        if (graph.SparseInitializer.Count > 0)
        {
            throw Graph($"it has sparse initializers ('{graph.SparseInitializer[0].Values?.Name}'); SpanNet imports dense initializers only");
        }

        foreach (TensorProto initializer in graph.Initializer)
        {
            if (!_initializers.TryAdd(initializer.Name, initializer))
            {
                throw Graph($"two initializers are named '{initializer.Name}'");
            }

            _definedValues.Add(initializer.Name);
        }

        ValueInfoProto input = SingleInput(graph);
        (int features, int rank, long fixedBatch) = InputShape(input);
        _activations = features;
        _definedValues.Add(input.Name);
        if (graph.Output.Count != 1)
        {
            throw Graph($"it has {graph.Output.Count} outputs; SpanNet imports graphs with exactly one output");
        }

        var walk = new ChainState(input.Name, features, rank, fixedBatch);
        for (int i = 0; i < graph.Node.Count; i++)
        {
            PlanNode(graph.Node[i], i, walk);
        }

        ValueInfoProto output = graph.Output[0];
        if (output.Name != walk.Current)
        {
            throw Graph($"its output '{output.Name}' is not the end of the node chain ('{walk.Current}'); SpanNet imports a single chain from the input to the output");
        }

        if (_layers.Count == 0)
        {
            throw Graph("it has no layer (no Gemm, MatMul or activation between its input and output)");
        }

        if (walk.Rank != 2)
        {
            throw Graph($"its output '{output.Name}' has rank {walk.Rank}; SpanNet imports graphs whose output is [N, features]");
        }

        CheckDeclaredOutput(output, walk.Features);
        return new ImportPlan(features, _layers, walk.Prediction);
    }

    private ValueInfoProto SingleInput(GraphProto graph)
    {
        ValueInfoProto? input = null;
        int count = 0;
        foreach (ValueInfoProto candidate in graph.Input)
        {
            // Older exporters (and tf2onnx) list every initializer as a graph input too; those are weights, not data.
            if (_initializers.ContainsKey(candidate.Name))
            {
                continue;
            }

            input = candidate;
            count++;
        }

        if (count != 1 || input is null)
        {
            throw Graph($"it has {count} data inputs (inputs that are not initializers); SpanNet imports graphs with exactly one");
        }

        return input;
    }

    /// <summary>The input's features (product of its non-batch dims), rank, and fixed batch size (0 when symbolic).</summary>
    private (int Features, int Rank, long FixedBatch) InputShape(ValueInfoProto input)
    {
        TypeProto.Types.Tensor? tensor = input.Type?.TensorType;
        if (tensor is null)
        {
            throw Graph($"its input '{input.Name}' is not a tensor");
        }

        if (tensor.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw Graph($"its input '{input.Name}' is {TensorReader.TypeName(tensor.ElemType)}; SpanNet imports float32 inputs only");
        }

        TensorShapeProto? shape = tensor.Shape;
        if (shape is null || shape.Dim.Count < 2 || shape.Dim.Count > MaxReshapeRank)
        {
            throw Graph($"its input '{input.Name}' has {(shape is null ? "no shape" : $"rank {shape.Dim.Count}")}; SpanNet needs a declared shape [N, features] or [N, d1, ..., dk] (k at most {MaxReshapeRank - 1}) with fixed feature dims");
        }

        TensorShapeProto.Types.Dimension batch = shape.Dim[0];
        long fixedBatch = batch.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? batch.DimValue : 0;
        if (fixedBatch < 0)
        {
            throw Graph($"its input '{input.Name}' has batch dimension {fixedBatch}");
        }

        long features = 1;
        for (int d = 1; d < shape.Dim.Count; d++)
        {
            TensorShapeProto.Types.Dimension dim = shape.Dim[d];
            if (dim.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dim.DimValue < 1 || dim.DimValue > OnnxImporter.MaxWidth)
            {
                throw Graph($"its input '{input.Name}' has dimension {d} = {DimensionText(dim)}; every dimension after the batch must be a fixed size from 1 to {OnnxImporter.MaxWidth}");
            }

            features *= dim.DimValue;
            if (features > OnnxImporter.MaxWidth)
            {
                throw Graph($"its input '{input.Name}' has more than {OnnxImporter.MaxWidth} features per sample");
            }
        }

        return ((int)features, shape.Dim.Count, fixedBatch);
    }

    private void CheckDeclaredOutput(ValueInfoProto output, int features)
    {
        TypeProto.Types.Tensor? tensor = output.Type?.TensorType;
        if (tensor is null)
        {
            return;
        }

        if (tensor.ElemType != (int)TensorProto.Types.DataType.Float && tensor.ElemType != 0)
        {
            throw Graph($"its output '{output.Name}' is declared {TensorReader.TypeName(tensor.ElemType)}; SpanNet computes float32");
        }

        TensorShapeProto? shape = tensor.Shape;
        if (shape is null || shape.Dim.Count == 0)
        {
            return;
        }

        if (shape.Dim.Count != 2)
        {
            throw Graph($"its output '{output.Name}' is declared with rank {shape.Dim.Count}, but the nodes compute [N, {features}]");
        }

        TensorShapeProto.Types.Dimension width = shape.Dim[1];
        if (width.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && width.DimValue != features)
        {
            throw Graph($"its output '{output.Name}' is declared [N, {width.DimValue}], but the nodes compute [N, {features}]");
        }
    }

    private void PlanNode(NodeProto node, int index, ChainState walk)
    {
        string where = NodeText(node, index);
        if (!IsDefaultDomain(node.Domain))
        {
            throw Node(where, $"its domain '{node.Domain}' is not the default ONNX domain; SpanNet imports operators of ai.onnx only ({SupportedOperators})");
        }

        if (node.Output.Count == 0 || node.Output[0].Length == 0)
        {
            throw Node(where, "it has no output");
        }

        foreach (string output in node.Output)
        {
            if (output.Length > 0 && !_definedValues.Add(output))
            {
                throw Node(where, $"its output '{output}' reuses the name of another value; ONNX values are assigned once");
            }
        }

        if (node.OpType == "Constant")
        {
            PlanConstant(node, where);
            return;
        }

        if (walk.Prediction != PredictionOutput.Scores && node.OpType is not ("Identity" or "Dropout"))
        {
            throw Node(where, "it follows the final Softmax or LogSoftmax; SpanNet imports Softmax and LogSoftmax only as the graph's last operation (Identity and Dropout may follow)");
        }

        if (!ChainOperators.Contains(node.OpType))
        {
            throw Node(where, $"operator {node.OpType} is not supported; SpanNet imports {SupportedOperators}");
        }

        string data = DataInput(node, where, walk);
        switch (node.OpType)
        {
            case "Gemm": PlanGemm(node, where, walk); break;
            case "MatMul": PlanMatMul(node, where, walk); break;
            case "Add": PlanAdd(node, where, data); break;
            case "Flatten": PlanFlatten(node, where, walk); break;
            case "Reshape": PlanReshape(node, where, walk); break;
            case "Identity": ExpectInputs(node, where, 1, 1); break;
            case "Dropout": PlanDropout(node, where); break;
            case "Softmax": PlanSoftmax(node, where, walk, PredictionOutput.Probabilities); break;
            case "LogSoftmax": PlanSoftmax(node, where, walk, PredictionOutput.LogProbabilities); break;
            default: PlanActivation(node, where, walk, ActivationDescriptors.FindByOnnxOperator(node.OpType)!); break;
        }

        // Extra outputs (Dropout's mask) must be unused: only the first output continues the chain.
        for (int o = 1; o < node.Output.Count; o++)
        {
            if (node.OpType != "Dropout" && node.Output[o].Length > 0)
            {
                throw Node(where, $"it has {node.Output.Count} outputs; only Dropout may have a second (unused) output");
            }
        }

        walk.Current = node.Output[0];
    }

    /// <summary>The node's input that continues the chain, after checking that every other input is a constant.</summary>
    private string DataInput(NodeProto node, string where, ChainState walk)
    {
        if (node.Input.Count == 0)
        {
            throw Node(where, "it has no input");
        }

        int dataIndex = node.OpType == "Add" && node.Input.Count == 2 && node.Input[1] == walk.Current ? 1 : 0;
        if (node.Input[dataIndex] != walk.Current)
        {
            throw Node(where, $"its input '{node.Input[dataIndex]}' is not the output of the previous operation ('{walk.Current}'); SpanNet imports a single chain of operations (no branches, no second data input)");
        }

        for (int i = 0; i < node.Input.Count; i++)
        {
            string name = node.Input[i];
            if (i != dataIndex && name.Length > 0 && !IsConstant(name))
            {
                throw Node(where, $"its input '{name}' is neither an initializer nor a Constant; SpanNet imports a single chain whose other inputs are constants");
            }
        }

        return node.Input[dataIndex];
    }

    private void PlanConstant(NodeProto node, string where)
    {
        ExpectInputs(node, where, 0, 0);
        if (node.Output.Count != 1)
        {
            throw Node(where, $"it has {node.Output.Count} outputs; a Constant has one");
        }

        if (node.Attribute.Count != 1)
        {
            throw Node(where, $"it has {node.Attribute.Count} attributes; SpanNet imports a Constant given by exactly one of value or value_ints");
        }

        AttributeProto attribute = node.Attribute[0];
        TensorProto tensor;
        if (attribute.Name == "value" && attribute.Type == AttributeProto.Types.AttributeType.Tensor && attribute.T is not null)
        {
            tensor = attribute.T;
        }
        else if (attribute.Name == "value_ints" && attribute.Type == AttributeProto.Types.AttributeType.Ints)
        {
            tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64, Name = node.Output[0] };
            tensor.Dims.Add(attribute.Ints.Count);
            tensor.Int64Data.Add(attribute.Ints);
        }
        else
        {
            throw Node(where, $"attribute '{attribute.Name}' ({attribute.Type}) is not supported; SpanNet imports a Constant given by a tensor 'value' or by 'value_ints'");
        }

        _constants.Add(node.Output[0], tensor);
    }

    private static string DimensionText(TensorShapeProto.Types.Dimension dim) =>
        dim.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => dim.DimValue.ToString(CultureInfo.InvariantCulture),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => $"'{dim.DimParam}' (symbolic)",
            _ => "unknown",
        };

    private string NodeText(NodeProto node, int index) =>
        $"ONNX model '{_source}', node {(node.Name.Length > 0 ? $"'{node.Name}'" : $"#{index}")} ({node.OpType})";

    private OnnxImportException Graph(string reason) => new($"ONNX model '{_source}': the graph cannot be imported: {reason}.");

    private static OnnxImportException Node(string where, string reason) => new($"{where}: {reason}.");

    /// <summary>Where the walk is: the value that continues the chain, its shape, and whether a final softmax was seen.</summary>
    private sealed class ChainState
    {
        public ChainState(string current, int features, int rank, long fixedBatch)
        {
            Current = current;
            Features = features;
            Rank = rank;
            FixedBatch = fixedBatch;
        }

        public string Current { get; set; }

        /// <summary>Features per sample of <see cref="Current"/> (all dims after the batch, multiplied).</summary>
        public int Features { get; set; }

        public int Rank { get; set; }

        /// <summary>The graph input's fixed batch size, or 0 when it is symbolic.</summary>
        public long FixedBatch { get; }

        public PredictionOutput Prediction { get; set; } = PredictionOutput.Scores;
    }

    private static string[] FindActivationOperators()
    {
        var operators = new List<string>();
        foreach (ActivationDescriptor descriptor in ActivationDescriptors.All)
        {
            if (descriptor.OnnxOperator is not null)
            {
                operators.Add(descriptor.OnnxOperator);
            }
        }

        return operators.ToArray();
    }
}
