using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

/// <summary>
/// Reads an ONNX graph as a small DAG (each value's producer and consumers) and turns it into an
/// <see cref="ImportPlan"/> by walking from the input to the output, checking all of it before anything is allocated
/// for the network: one float input and one output, nodes in topological order, the default operator domain at a
/// supported opset, supported operators with supported attributes, shapes that line up, and initializers whose declared
/// size matches the data they hold. Where a value feeds more than one node the walk recognises the element-wise forms
/// exporters write for GELU, SiLU and HardSwish, LayerNorm's decomposition, and residual blocks (x + f(x)); every node
/// must lie on the walk, or be a constant.
/// </summary>
internal sealed partial class GraphPlanner
{
    private const int MaxReshapeRank = 8;

    /// <summary>The ONNX operators of SpanNet's element-wise activations, from the descriptor table.</summary>
    private static readonly string[] ActivationOperators = FindActivationOperators();

    // Static fields initialise in the order written: these read ActivationOperators.
    /// <summary>The operators the importer maps, for messages: the structural ones and every activation the descriptor table names.</summary>
    public static readonly string SupportedOperators =
        $"Gemm, MatMul (also of a Transpose of constant weights), Add (a bias, a constant shift or a residual sum), Sub, Mul and Div by constants, Flatten, Reshape, Identity, Dropout, "
        + $"{string.Join(", ", ActivationOperators)}, Softplus, Gelu, Clip, PRelu, BatchNormalization, LayerNormalization, "
        + "the element-wise forms of GELU, SiLU and HardSwish and LayerNorm's ReduceMean decomposition, Softmax and LogSoftmax (last), Constant";

    /// <summary>Every operator a node may have (Constant is handled apart); some only inside the patterns the walk recognises.</summary>
    private static readonly FrozenSet<string> KnownOperators = FrozenSet.ToFrozenSet(
        [
            "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Flatten", "Reshape", "Identity", "Dropout", "Softmax", "LogSoftmax",
            "Softplus", "Gelu", "Clip", "PRelu", "BatchNormalization", "LayerNormalization", "Transpose",
            "Erf", "Pow", "Sqrt", "ReduceMean", .. ActivationOperators,
        ],
        StringComparer.Ordinal);

    private readonly string _source;
    private readonly int _opset;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);

    /// <summary>The outputs of a Transpose of a constant 2-D tensor, by the name of the tensor transposed.</summary>
    private readonly Dictionary<string, string> _transposedConstants = new(StringComparer.Ordinal);

    private readonly HashSet<string> _definedValues = new(StringComparer.Ordinal);

    /// <summary>For each computed value, the nodes reading it (by index, in graph order).</summary>
    private readonly Dictionary<string, List<int>> _consumers = new(StringComparer.Ordinal);

    private NodeProto[] _nodes = [];

    /// <summary>Whether each node has been taken by the walk (or is a constant).</summary>
    private bool[] _claimed = [];

    private string _graphOutput = string.Empty;
    private long _parameters;
    private int _layerCount;

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

        _graphOutput = graph.Output[0].Name;
        IndexNodes(graph);
        var walk = new ChainState(input.Name, features, rank, fixedBatch, inBlock: false);
        WalkChain(walk, stopNode: -1);
        for (int i = 0; i < _nodes.Length; i++)
        {
            if (!_claimed[i])
            {
                throw Node(NodeText(_nodes[i], i), $"it is off the path from the graph's input to its output (its inputs: '{string.Join("', '", _nodes[i].Input)}'); SpanNet imports a chain of layers, residual blocks (x + f(x)) and the element-wise forms exporters write, with every other input a constant");
            }
        }

        ValueInfoProto output = graph.Output[0];
        if (output.Name != walk.Current)
        {
            throw Graph($"its output '{output.Name}' is not the end of the node chain ('{walk.Current}'); SpanNet imports a single chain from the input to the output");
        }

        if (walk.Layers.Count == 0)
        {
            throw Graph("it has no layer (no Gemm, MatMul or activation between its input and output)");
        }

        if (walk.Rank != 2)
        {
            throw Graph($"its output '{output.Name}' has rank {walk.Rank}; SpanNet imports graphs whose output is [N, features]");
        }

        CheckDeclaredOutput(output, walk.Features);
        CheckScaledWeights(walk.Layers);
        return new ImportPlan(features, walk.Layers, walk.Prediction);
    }

    /// <summary>
    /// Checks every node on its own (domain, operator, outputs assigned once, inputs defined before use, so the graph
    /// is a DAG in topological order), reads the constants (Constant nodes, Identity of a constant, Transpose of a
    /// constant) and records who reads each computed value.
    /// </summary>
    private void IndexNodes(GraphProto graph)
    {
        _nodes = [.. graph.Node];
        _claimed = new bool[_nodes.Length];
        for (int i = 0; i < _nodes.Length; i++)
        {
            NodeProto node = _nodes[i];
            string where = NodeText(node, i);
            if (!IsDefaultDomain(node.Domain))
            {
                throw Node(where, $"its domain '{node.Domain}' is not the default ONNX domain; SpanNet imports operators of ai.onnx only ({SupportedOperators})");
            }

            if (node.Output.Count == 0 || node.Output[0].Length == 0)
            {
                throw Node(where, "it has no output");
            }

            if (node.OpType != "Constant" && !KnownOperators.Contains(node.OpType))
            {
                throw Node(where, $"operator {node.OpType} is not supported; SpanNet imports {SupportedOperators}");
            }

            foreach (string name in node.Input)
            {
                if (name.Length > 0 && !_definedValues.Contains(name))
                {
                    throw Node(where, $"its input '{name}' is neither an initializer nor a Constant nor the output of an earlier node");
                }
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
                _claimed[i] = true;
                continue;
            }

            if (node.OpType == "Identity" && node.Input.Count == 1 && node.Output.Count == 1 && IsConstant(node.Input[0]))
            {
                // torch writes an initializer equal to another as an Identity of it.
                _constants.Add(node.Output[0], Constant(node.Input[0], where, "input"));
                _claimed[i] = true;
                continue;
            }

            if (node.OpType == "Transpose" && node.Input.Count == 1 && node.Output.Count == 1 && IsConstant(node.Input[0]))
            {
                PlanConstantTranspose(node, where);
                _claimed[i] = true;
                continue;
            }

            foreach (string name in node.Input)
            {
                if (name.Length > 0 && !IsConstant(name) && !_transposedConstants.ContainsKey(name))
                {
                    if (!_consumers.TryGetValue(name, out List<int>? readers))
                    {
                        readers = [];
                        _consumers.Add(name, readers);
                    }

                    if (readers.Count == 0 || readers[^1] != i)
                    {
                        readers.Add(i);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Walks from <paramref name="walk"/>'s current value, planning layers, until the value has no reader left but
    /// <paramref name="stopNode"/> (a residual block's sum, which the caller takes) or none at all.
    /// </summary>
    private void WalkChain(ChainState walk, int stopNode)
    {
        while (true)
        {
            List<int> readers = OpenReaders(walk.Current, stopNode);
            if (readers.Count == 0)
            {
                return;
            }

            if (readers.Count == 1)
            {
                int index = readers[0];
                PlanNode(_nodes[index], index, walk);
                continue;
            }

            CheckBeforeFinalSoftmax(walk, readers[0]);
            if (TryLayerNormDecomposition(walk, readers) || TryElementWiseActivation(walk, readers) || TryResidual(walk, readers, stopNode))
            {
                continue;
            }

            int second = readers[1];
            throw Node(NodeText(_nodes[second], second), $"its input '{walk.Current}' also feeds node {NodeName(readers[0])}; SpanNet imports a value read twice only as a residual block's skip (Add(x, f(x)) with f a chain of layers of x's width) or inside the forms exporters write for GELU, SiLU, HardSwish and LayerNorm");
        }
    }

    /// <summary>The nodes reading <paramref name="value"/> that no pattern has taken yet, <paramref name="stopNode"/> left out.</summary>
    private List<int> OpenReaders(string value, int stopNode)
    {
        var open = new List<int>();
        if (_consumers.TryGetValue(value, out List<int>? readers))
        {
            foreach (int reader in readers)
            {
                if (!_claimed[reader] && reader != stopNode)
                {
                    open.Add(reader);
                }
            }
        }

        return open;
    }

    private void CheckBeforeFinalSoftmax(ChainState walk, int index)
    {
        NodeProto node = _nodes[index];
        if (walk.Prediction != PredictionOutput.Scores && node.OpType is not ("Identity" or "Dropout"))
        {
            throw Node(NodeText(node, index), "it follows the final Softmax or LogSoftmax; SpanNet imports Softmax and LogSoftmax only as the graph's last operation (Identity and Dropout may follow)");
        }
    }

    private void PlanNode(NodeProto node, int index, ChainState walk)
    {
        string where = NodeText(node, index);
        CheckBeforeFinalSoftmax(walk, index);
        _claimed[index] = true;
        int data = DataInput(node, where, walk);

        // Set first: a handler that takes the nodes after this one too (Softplus(βx)/β) moves it on.
        walk.Current = node.Output[0];
        switch (node.OpType)
        {
            case "Gemm": PlanGemm(node, where, walk, data); break;
            case "MatMul": PlanMatMul(node, where, walk, data); break;
            case "Add" or "Sub" or "Mul" or "Div": PlanArithmetic(node, where, walk, data); break;
            case "Flatten": PlanFlatten(node, where, walk); break;
            case "Reshape": PlanReshape(node, where, walk); break;
            case "Identity": ExpectInputs(node, where, 1, 1); break;
            case "Dropout": PlanDropout(node, where); break;
            case "Softmax": PlanSoftmax(node, where, walk, PredictionOutput.Probabilities); break;
            case "LogSoftmax": PlanSoftmax(node, where, walk, PredictionOutput.LogProbabilities); break;
            case "BatchNormalization": PlanBatchNormalization(node, where, walk); break;
            case "LayerNormalization": PlanLayerNormalization(node, where, walk); break;
            case "PRelu": PlanPRelu(node, where, walk); break;
            case "Clip": PlanClip(node, where, walk); break;
            case "Softplus": PlanSoftplus(node, where, walk); break;
            case "Gelu": PlanGelu(node, where, walk); break;
            case "HardSigmoid": PlanHardSigmoid(node, where, walk); break;
            case "Erf" or "Pow" or "Sqrt" or "ReduceMean" or "Transpose":
                throw Node(where, $"SpanNet imports {node.OpType} only inside the forms exporters write for GELU and LayerNorm (or, for Transpose, of constant weights before a MatMul), and this node is not part of one");
            default: PlanActivation(node, where, walk, ActivationDescriptors.FindByOnnxOperator(node.OpType)!); break;
        }

        // Extra outputs (Dropout's mask, BatchNormalization's statistics in training) must be unused: only the first continues.
        for (int o = 1; o < node.Output.Count; o++)
        {
            if (node.Output[o].Length == 0)
            {
                continue;
            }

            if (node.OpType != "Dropout")
            {
                throw Node(where, $"it has {node.Output.Count} outputs; SpanNet imports {node.OpType} with one (only Dropout may have a second, unused output)");
            }

            List<int> readers = OpenReaders(node.Output[o], -1);
            if (readers.Count > 0)
            {
                throw Node(NodeText(_nodes[readers[0]], readers[0]), $"its input '{node.Output[o]}' is the mask of Dropout {NodeName(index)}; SpanNet imports Dropout in inference mode, whose mask nothing reads");
            }
        }
    }

    /// <summary>The index of the node's input that continues the chain, after checking that every other input is a constant.</summary>
    private int DataInput(NodeProto node, string where, ChainState walk)
    {
        int dataIndex = -1;
        for (int i = 0; i < node.Input.Count; i++)
        {
            if (node.Input[i] != walk.Current)
            {
                continue;
            }

            if (dataIndex >= 0)
            {
                throw Node(where, $"it reads '{walk.Current}' twice; SpanNet imports that only inside the forms exporters write for GELU, SiLU and HardSwish");
            }

            dataIndex = i;
        }

        // Sub and Div take the data on either side here; their plan refuses what is not a fixed map (constant / data).
        bool commutes = node.OpType is "Add" or "Mul" or "Sub" or "Div";
        if (dataIndex < 0 || (dataIndex > 0 && !commutes))
        {
            throw Node(where, $"its input '{(node.Input.Count > 0 ? node.Input[0] : string.Empty)}' is not the output of the previous operation ('{walk.Current}'); SpanNet imports a chain whose other inputs are constants");
        }

        for (int i = 0; i < node.Input.Count; i++)
        {
            string name = node.Input[i];
            bool transposedWeights = node.OpType == "MatMul" && i == 1 && _transposedConstants.ContainsKey(name);
            if (i != dataIndex && name.Length > 0 && !IsConstant(name) && !transposedWeights)
            {
                throw Node(where, node.OpType == "Add"
                    ? $"its inputs '{node.Input[0]}' and '{node.Input[1]}' are both computed; SpanNet imports such an Add only as a residual block's sum x + f(x), where f starts from x and ends at the Add"
                    : $"its input '{name}' is neither an initializer nor a Constant; SpanNet imports a chain whose other inputs are constants");
            }
        }

        return dataIndex;
    }

    private string NodeName(int index) => _nodes[index].Name.Length > 0 ? $"'{_nodes[index].Name}' ({_nodes[index].OpType})" : $"#{index} ({_nodes[index].OpType})";

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

    /// <summary>Where the walk is: the value that continues the chain, its shape, the layers planned on it, and whether a final softmax was seen.</summary>
    private sealed class ChainState
    {
        public ChainState(string current, int features, int rank, long fixedBatch, bool inBlock)
        {
            Current = current;
            Features = features;
            Rank = rank;
            FixedBatch = fixedBatch;
            InBlock = inBlock;
        }

        public string Current { get; set; }

        /// <summary>Features per sample of <see cref="Current"/> (all dims after the batch, multiplied).</summary>
        public int Features { get; set; }

        public int Rank { get; set; }

        /// <summary>The graph input's fixed batch size, or 0 when it is symbolic.</summary>
        public long FixedBatch { get; }

        /// <summary>Whether this walk is the inside of a residual block.</summary>
        public bool InBlock { get; }

        /// <summary>The layers planned on this walk, in order.</summary>
        public List<PlannedLayer> Layers { get; } = [];

        public PredictionOutput Prediction { get; set; } = PredictionOutput.Scores;

        /// <summary>The last layer planned here, or null.</summary>
        public PlannedLayer? Last => Layers.Count == 0 ? null : Layers[^1];
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
