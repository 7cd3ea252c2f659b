using System;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// BatchNormalization in inference mode, LayerNormalization (opset 17) and the ReduceMean decomposition of LayerNorm
// that PyTorch writes below opset 17.
internal sealed partial class GraphPlanner
{
    /// <summary>ONNX's BatchNormalization momentum when absent: the weight of the running value, PyTorch's 1 − 0.1.</summary>
    private const float OnnxDefaultMomentum = 0.9f;

    /// <summary>ONNX's default ε of both normalisations.</summary>
    private const float OnnxDefaultEpsilon = 1e-5f;

    private void PlanBatchNormalization(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 5, 5);
        ExpectRank2(where, walk, "BatchNormalization");
        if (_opset >= 14 && IntAttribute(node, where, "training_mode", 0) != 0)
        {
            throw Node(where, "its training_mode is 1; SpanNet imports BatchNormalization in inference mode only (export with the model in eval mode)");
        }

        int outputs = 0;
        foreach (string output in node.Output)
        {
            outputs += output.Length > 0 ? 1 : 0;
        }

        if (outputs > 1)
        {
            throw Node(where, $"it has {outputs} outputs (a training-mode node also writes the batch statistics); SpanNet imports BatchNormalization in inference mode only, with one output");
        }

        if (_opset < 14 && IntAttribute(node, where, "spatial", 1) != 1)
        {
            throw Node(where, "attribute spatial is 0; SpanNet imports BatchNormalization with one statistic per feature (spatial = 1)");
        }

        float epsilon = FloatAttribute(node, where, "epsilon", OnnxDefaultEpsilon);
        float momentum = FloatAttribute(node, where, "momentum", OnnxDefaultMomentum);
        if (!(epsilon > 0f))
        {
            throw Node(where, $"attribute epsilon is {epsilon.ToString(CultureInfo.InvariantCulture)}; SpanNet needs ε > 0");
        }

        if (!(momentum is >= 0f and <= 1f))
        {
            throw Node(where, $"attribute momentum is {momentum.ToString(CultureInfo.InvariantCulture)}; it must be in [0, 1]");
        }

        int width = walk.Features;
        float[] scale = PerFeatureVector(node.Input[1], where, "scale", width);
        float[] bias = PerFeatureVector(node.Input[2], where, "B", width);
        float[] mean = PerFeatureVector(node.Input[3], where, "input_mean", width);
        float[] variance = PerFeatureVector(node.Input[4], where, "input_var", width);
        int negative = Array.FindIndex(variance, v => v < 0f);
        if (negative >= 0)
        {
            throw Node(where, $"its input_var '{node.Input[4]}' is negative at element {negative}; a variance is not");
        }

        // ONNX's momentum weighs the running value; PyTorch's (SpanNet's) weighs the new batch.
        bool affine = !IsIdentityPair(scale, bias);
        AddLayer(walk, PlannedLayer.BatchNorm(affine ? scale : null, affine ? bias : null, mean, variance, epsilon, 1f - momentum), where);
    }

    private void PlanLayerNormalization(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 2, 3);
        ExpectRank2(where, walk, "LayerNormalization");
        long axis = IntAttribute(node, where, "axis", -1);
        if (axis is not (-1 or 1))
        {
            throw Node(where, $"attribute axis is {axis}; SpanNet imports LayerNormalization over the last axis (-1 or 1 on [N, features]) only");
        }

        float epsilon = FloatAttribute(node, where, "epsilon", OnnxDefaultEpsilon);
        if (!(epsilon > 0f))
        {
            throw Node(where, $"attribute epsilon is {epsilon.ToString(CultureInfo.InvariantCulture)}; SpanNet needs ε > 0");
        }

        int width = walk.Features;
        float[] scale = PerFeatureVector(node.Input[1], where, "Scale", width);
        float[] bias = node.Input.Count == 3 && node.Input[2].Length > 0 ? PerFeatureVector(node.Input[2], where, "B", width) : new float[width];
        bool affine = !IsIdentityPair(scale, bias);
        AddLayer(walk, PlannedLayer.LayerNorm(width, affine ? scale : null, affine ? bias : null, epsilon), where);
    }

    /// <summary>
    /// LayerNorm as PyTorch writes it below opset 17, from x read by exactly these two nodes: m = ReduceMean(x), d = Sub(x, m),
    /// v = ReduceMean(Pow(d, 2)), y = Div(d, Sqrt(Add(v, ε))), then optionally Mul by γ and Add β ([C] constants); both
    /// ReduceMeans over the last axis, keeping it.
    /// </summary>
    private bool TryLayerNormDecomposition(ChainState walk, List<int> readers)
    {
        if (readers.Count != 2 || walk.Rank != 2)
        {
            return false;
        }

        string x = walk.Current;
        int meanNode = _nodes[readers[0]].OpType == "ReduceMean" ? readers[0] : readers[1];
        int sub = meanNode == readers[0] ? readers[1] : readers[0];
        if (!IsReduceMeanOverFeatures(meanNode, x) || !Is(sub, "Sub", x, _nodes[meanNode].Output[0]) || OnlyReader(_nodes[meanNode].Output[0]) != sub)
        {
            return false;
        }

        string centred = _nodes[sub].Output[0];
        List<int> centredReaders = OpenReaders(centred, -1);
        if (centredReaders.Count != 2 || centred == _graphOutput)
        {
            return false;
        }

        int pow = _nodes[centredReaders[0]].OpType == "Pow" ? centredReaders[0] : centredReaders[1];
        int div = pow == centredReaders[0] ? centredReaders[1] : centredReaders[0];
        if (_nodes[pow].OpType != "Pow" || _nodes[pow].Input.Count != 2 || _nodes[pow].Input[0] != centred
            || !TryScalarConstant(_nodes[pow].Input[1], out double exponent) || exponent != 2)
        {
            return false;
        }

        int varianceNode = OnlyReader(_nodes[pow].Output[0]);
        if (varianceNode < 0 || !IsReduceMeanOverFeatures(varianceNode, _nodes[pow].Output[0]))
        {
            return false;
        }

        int add = OnlyReader(_nodes[varianceNode].Output[0]);
        if (add < 0 || _nodes[add].OpType != "Add" || _nodes[add].Input.Count != 2)
        {
            return false;
        }

        string variance = _nodes[varianceNode].Output[0];
        string epsilonName = _nodes[add].Input[0] == variance ? _nodes[add].Input[1] : _nodes[add].Input[0];
        if (!TryScalarConstant(epsilonName, out double epsilon) || !(epsilon > 0))
        {
            return false;
        }

        int sqrt = OnlyReader(_nodes[add].Output[0]);
        if (sqrt < 0 || !Is(sqrt, "Sqrt", _nodes[add].Output[0]) || OnlyReader(_nodes[sqrt].Output[0]) != div || !Is(div, "Div", centred, _nodes[sqrt].Output[0]))
        {
            return false;
        }

        int width = walk.Features;
        string where = NodeText(_nodes[div], div);
        var taken = new List<int> { meanNode, sub, pow, varianceNode, add, sqrt, div };
        string current = _nodes[div].Output[0];
        float[]? gamma = null, beta = null;
        int mul = OnlyReader(current);
        if (mul >= 0 && IsConstantOperation(mul, "Mul", current, out string? gammaName))
        {
            gamma = PerFeatureVector(gammaName, NodeText(_nodes[mul], mul), "γ", width);
            taken.Add(mul);
            current = _nodes[mul].Output[0];
        }

        int shift = OnlyReader(current);
        if (shift >= 0 && IsConstantOperation(shift, "Add", current, out string? betaName))
        {
            beta = PerFeatureVector(betaName, NodeText(_nodes[shift], shift), "β", width);
            taken.Add(shift);
            current = _nodes[shift].Output[0];
        }

        if (gamma is not null || beta is not null)
        {
            if (gamma is null)
            {
                gamma = new float[width];
                gamma.AsSpan().Fill(1f);
            }

            beta ??= new float[width];
        }

        foreach (int node in taken)
        {
            _claimed[node] = true;
        }

        bool affine = gamma is not null && !IsIdentityPair(gamma, beta!);
        AddLayer(walk, PlannedLayer.LayerNorm(width, affine ? gamma : null, affine ? beta : null, (float)epsilon), where);
        walk.Current = current;
        return true;
    }

    /// <summary>Whether node <paramref name="index"/> is <paramref name="operatorType"/> with exactly <paramref name="inputs"/> and one output.</summary>
    private bool Is(int index, string operatorType, params string[] inputs)
    {
        NodeProto node = _nodes[index];
        if (node.OpType != operatorType || node.Input.Count != inputs.Length || node.Output.Count != 1)
        {
            return false;
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            if (node.Input[i] != inputs[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether node <paramref name="index"/> is <paramref name="operatorType"/> of <paramref name="data"/> and a constant (either order).</summary>
    private bool IsConstantOperation(int index, string operatorType, string data, out string constant)
    {
        NodeProto node = _nodes[index];
        constant = string.Empty;
        if (node.OpType != operatorType || node.Input.Count != 2 || node.Output.Count != 1)
        {
            return false;
        }

        constant = node.Input[0] == data ? node.Input[1] : node.Input[0];
        return (node.Input[0] == data || node.Input[1] == data) && IsConstant(constant);
    }

    /// <summary>A ReduceMean of <paramref name="input"/> over the last axis of [N, features], keeping it (axes as an attribute, or an input from opset 18).</summary>
    private bool IsReduceMeanOverFeatures(int index, string input)
    {
        NodeProto node = _nodes[index];
        if (node.OpType != "ReduceMean" || node.Input.Count is < 1 or > 2 || node.Input[0] != input || node.Output.Count != 1)
        {
            return false;
        }

        string where = NodeText(node, index);
        if (IntAttribute(node, where, "keepdims", 1) != 1)
        {
            return false;
        }

        long[]? axes = node.Input.Count == 2 && node.Input[1].Length > 0
            ? TensorReader.Int64(Constant(node.Input[1], where, "input axes"), $"{where}, input axes", MaxReshapeRank)
            : IntsAttribute(node, where, "axes");
        return axes is [-1] or [1];
    }

    /// <summary>A constant of one finite value per feature, shape [C] (or [1, C]).</summary>
    private float[] PerFeatureVector(string name, string where, string role, int features)
    {
        if (name.Length == 0)
        {
            throw Node(where, $"its {role} input is missing; SpanNet needs it as a constant of {features} values");
        }

        return PerFeature(name, where, role, features);
    }

    /// <summary>γ all 1 and β all 0: the normalisation imports without learned γ and β (PyTorch's affine = False writes exactly that).</summary>
    private static bool IsIdentityPair(float[] scale, float[] bias) =>
        Array.TrueForAll(scale, v => v == 1f) && Array.TrueForAll(bias, v => v == 0f);
}
