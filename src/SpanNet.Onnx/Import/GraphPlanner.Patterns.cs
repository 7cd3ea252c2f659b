using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using SpanNet.Layers;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// The element-wise forms exporters write for activations that read their input twice (GELU's erf and tanh forms,
// SiLU as x·σ(x), HardSwish as x·HardSigmoid(x)), and residual blocks.
internal sealed partial class GraphPlanner
{
    /// <summary>The most nodes an element-wise form may have (GELU's tanh form has 9).</summary>
    private const int MaxFormNodes = 24;

    /// <summary>How close a form must come to an activation at every probe: the fixtures' 1e-5, relative above 1.</summary>
    private const double FormTolerance = 1e-5;

    /// <summary>The operators an element-wise form may use, each on its inputs and scalar constants.</summary>
    private static readonly FrozenSet<string> FormOperators = FrozenSet.ToFrozenSet(
        ["Add", "Sub", "Mul", "Div", "Pow", "Erf", "Tanh", "Sigmoid", "HardSigmoid", "Sqrt"], StringComparer.Ordinal);

    /// <summary>The activations a form is compared against: the ones whose ONNX form reads x twice.</summary>
    private static readonly Activation[] FormActivations = [Activation.Gelu, Activation.GeluTanh, Activation.Silu, Activation.HardSwish];

    /// <summary>Where a form is evaluated: every 1/8 from −12 to 12, through the bends and far into both tails.</summary>
    private static readonly double[] Probes = MakeProbes();

    /// <summary>
    /// From x read by several nodes, grows the smallest set of element-wise nodes (on x, on each other and on scalar
    /// constants) that every reader of x belongs to and that leaves by one value, and evaluates it in double at
    /// <see cref="Probes"/>; if it computes GELU (erf or tanh form), SiLU or HardSwish there, it becomes that activation.
    /// Growing goes on past a closed set that matches nothing (torch's tanh GELU closes at x·(1 + tanh(…)) before its ½).
    /// </summary>
    private bool TryElementWiseActivation(ChainState walk, List<int> readers)
    {
        string x = walk.Current;
        var region = new List<int>();
        var available = new List<string> { x };
        while (region.Count < MaxFormNodes)
        {
            var ready = new SortedSet<int>();
            foreach (string value in available)
            {
                foreach (int reader in OpenReaders(value, -1))
                {
                    if (!region.Contains(reader) && IsReadyFormNode(reader, available))
                    {
                        ready.Add(reader);
                    }
                }
            }

            if (ready.Count == 0 || region.Count + ready.Count > MaxFormNodes)
            {
                return false;
            }

            foreach (int node in ready)
            {
                region.Add(node);
                available.Add(_nodes[node].Output[0]);
            }

            string? exit = SingleExit(region, readers);
            if (exit is not null && MatchForm(region, x, exit) is ActivationDescriptor activation)
            {
                foreach (int node in region)
                {
                    _claimed[node] = true;
                }

                int last = region[^1];
                AddLayer(walk, PlannedLayer.ActivationOf(activation, walk.Features, 0f), NodeText(_nodes[last], last));
                walk.Current = exit;
                return true;
            }
        }

        return false;
    }

    /// <summary>A form node whose inputs are all computed by the form so far (or x) or scalar float constants.</summary>
    private bool IsReadyFormNode(int index, List<string> available)
    {
        NodeProto node = _nodes[index];
        if (!FormOperators.Contains(node.OpType) || node.Output.Count != 1)
        {
            return false;
        }

        foreach (string input in node.Input)
        {
            if (input.Length == 0 || !(available.Contains(input) || TryScalarConstant(input, out _)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The one value by which <paramref name="region"/> is left, when every reader of x is inside it and every other
    /// value it computes is read only inside it; otherwise null.
    /// </summary>
    private string? SingleExit(List<int> region, List<int> xReaders)
    {
        foreach (int reader in xReaders)
        {
            if (!region.Contains(reader))
            {
                return null;
            }
        }

        string? exit = null;
        foreach (int node in region)
        {
            string value = _nodes[node].Output[0];
            bool leaves = value == _graphOutput;
            List<int> readers = OpenReaders(value, -1);
            leaves |= readers.Count == 0;
            foreach (int reader in readers)
            {
                leaves |= !region.Contains(reader);
            }

            if (leaves)
            {
                if (exit is not null)
                {
                    return null;
                }

                exit = value;
            }
        }

        return exit;
    }

    /// <summary>The activation the form computes from <paramref name="x"/> to <paramref name="exit"/> at every probe, if one does.</summary>
    private ActivationDescriptor? MatchForm(List<int> region, string x, string exit)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var results = new double[Probes.Length];
        for (int p = 0; p < Probes.Length; p++)
        {
            values.Clear();
            values[x] = Probes[p];
            foreach (int index in region)
            {
                values[_nodes[index].Output[0]] = Evaluate(_nodes[index], index, values);
            }

            results[p] = values[exit];
        }

        foreach (Activation candidate in FormActivations)
        {
            ActivationDescriptor descriptor = ActivationDescriptors.For(candidate);
            bool matches = true;
            for (int p = 0; p < Probes.Length && matches; p++)
            {
                double expected = descriptor.Reference(Probes[p], 0);
                matches = Math.Abs(results[p] - expected) <= FormTolerance * Math.Max(1, Math.Abs(expected));
            }

            if (matches)
            {
                return descriptor;
            }
        }

        return null;
    }

    private double Evaluate(NodeProto node, int index, Dictionary<string, double> values)
    {
        double Input(int i) => values.TryGetValue(node.Input[i], out double value) ? value : Scalar(node.Input[i]);
        return node.OpType switch
        {
            "Add" => Input(0) + Input(1),
            "Sub" => Input(0) - Input(1),
            "Mul" => Input(0) * Input(1),
            "Div" => Input(0) / Input(1),
            "Pow" => Math.Pow(Input(0), Input(1)),
            "Erf" => DoubleErf.Erf(Input(0)),
            "Tanh" => Math.Tanh(Input(0)),
            "Sigmoid" => 1 / (1 + Math.Exp(-Input(0))),
            "Sqrt" => Math.Sqrt(Input(0)),
            _ => Math.Clamp((HardSigmoidArgument(node, index, "alpha", OnnxHardSigmoidAlpha) * Input(0)) + HardSigmoidArgument(node, index, "beta", OnnxHardSigmoidBeta), 0, 1),
        };
    }

    private double HardSigmoidArgument(NodeProto node, int index, string name, float fallback) => FloatAttribute(node, NodeText(node, index), name, fallback);

    private double Scalar(string name)
    {
        TryScalarConstant(name, out double value);
        return value;
    }

    /// <summary>
    /// A residual block: x read by an Add (the skip) and by a chain f of layers that ends at that Add's other input,
    /// f keeping x's width; an activation read only from the sum becomes the block's activation.
    /// </summary>
    private bool TryResidual(ChainState walk, List<int> readers, int stopNode)
    {
        string x = walk.Current;
        int sum = -1;
        foreach (int reader in readers)
        {
            NodeProto node = _nodes[reader];
            if (node.OpType == "Add" && node.Input.Count == 2 && node.Output.Count == 1 && node.Input[0] != node.Input[1]
                && (node.Input[0] == x || node.Input[1] == x) && !IsConstant(node.Input[node.Input[0] == x ? 1 : 0]))
            {
                sum = reader;
                break;
            }
        }

        if (sum < 0)
        {
            return false;
        }

        NodeProto add = _nodes[sum];
        string where = NodeText(add, sum);
        if (walk.InBlock || stopNode >= 0)
        {
            throw Node(where, "it is a residual sum inside another residual block; SpanNet's residual blocks do not nest");
        }

        if (walk.Rank != 2)
        {
            throw Node(where, $"its skip '{x}' has rank {walk.Rank}; SpanNet imports residual blocks on [N, features] (add Flatten or Reshape before)");
        }

        string branchEnd = add.Input[add.Input[0] == x ? 1 : 0];
        var inner = new ChainState(x, walk.Features, walk.Rank, walk.FixedBatch, inBlock: true);
        WalkChain(inner, sum);
        if (inner.Current != branchEnd)
        {
            throw Node(where, $"its input '{branchEnd}' is not where the branch from '{x}' ends ('{inner.Current}'); SpanNet imports a residual sum x + f(x) with f a chain from x to the Add");
        }

        if (inner.Layers.Count == 0 || inner.Features != walk.Features || inner.Rank != 2)
        {
            throw Node(where, inner.Layers.Count == 0
                ? $"the branch from '{x}' to it has no layer; SpanNet imports a residual sum x + f(x) with at least one layer in f"
                : $"the branch from '{x}' ends with {inner.Features} features, not {walk.Features}; a residual block keeps the width");
        }

        _claimed[sum] = true;
        walk.Current = add.Output[0];

        // The block itself is one more record of the model file, as wide as x.
        var block = PlannedLayer.Residual(walk.Features, inner.Layers, null, 0f, 0f);
        PlannedLayer? activation = TakeActivationAfter(walk, where);
        if (activation is not null)
        {
            block = PlannedLayer.Residual(walk.Features, inner.Layers, activation.Activation, activation.ActivationAlpha, activation.ActivationBeta);
        }

        AddLayer(walk, block, where);
        return true;
    }

    /// <summary>The element-wise activation read only from the residual sum (moving the walk past it), or null.</summary>
    private PlannedLayer? TakeActivationAfter(ChainState walk, string where)
    {
        if (walk.Current == _graphOutput)
        {
            return null;
        }

        List<int> readers = OpenReaders(walk.Current, -1);
        var scratch = new ChainState(walk.Current, walk.Features, walk.Rank, walk.FixedBatch, inBlock: true);
        long layers = _layerCount, activations = _activations;
        if (readers.Count == 1 && IsActivationOperator(_nodes[readers[0]].OpType))
        {
            PlanNode(_nodes[readers[0]], readers[0], scratch);
        }
        else if (readers.Count < 2 || !TryElementWiseActivation(scratch, readers))
        {
            return null;
        }

        // The activation belongs to the block's record: it is neither a layer nor a width of its own.
        (_layerCount, _activations) = ((int)layers, activations);
        PlannedLayer activation = scratch.Layers[0];
        if (activation.Kind != LayerKind.Activation)
        {
            throw Node(where, "an activation after a residual sum must be element-wise");
        }

        walk.Current = scratch.Current;
        return activation;
    }

    private static bool IsActivationOperator(string operatorType) =>
        operatorType is "HardSigmoid" or "Softplus" or "Clip" or "Gelu" || Array.IndexOf(ActivationOperators, operatorType) >= 0;

    private static double[] MakeProbes()
    {
        var probes = new double[193];
        for (int i = 0; i < probes.Length; i++)
        {
            probes[i] = -12 + (i / 8.0);
        }

        return probes;
    }
}
