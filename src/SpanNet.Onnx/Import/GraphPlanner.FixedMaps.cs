using System;
using System.Collections.Generic;
using SpanNet.Layers;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// Add, Sub, Mul and Div by a constant: folded into the dense layer right before (its bias, its output columns' scale),
// PyTorch's Softplus(βx)/β, or a fixed per-feature map (input standardisation, a folded affine map), consecutive maps
// folded into one.
internal sealed partial class GraphPlanner
{
    private void PlanArithmetic(NodeProto node, string where, ChainState walk, int data)
    {
        ExpectInputs(node, where, 2, 2);
        string constant = node.Input[1 - data];
        if (node.OpType == "Mul" && TrySoftplusWithBeta(node, walk, constant))
        {
            return;
        }

        if (walk.Last is { Kind: LayerKind.Dense } dense && (data == 0 || node.OpType is "Add" or "Mul"))
        {
            // The bias Add of a MatMul is part of the dense layer, as Gemm's C is; any other fold is charged.
            if (!(node.OpType == "Add" && dense.Bias is null))
            {
                ChargeFold(walk, where);
            }

            FoldIntoDense(dense, node.OpType, where, constant);
            return;
        }

        if (walk.InBlock)
        {
            throw Node(where, $"it is a constant {node.OpType} inside a residual block; SpanNet's residual blocks hold no fixed per-feature maps (only a dense layer's bias Add), so put it before the block");
        }

        ExpectRank2(where, walk, node.OpType);
        if (walk.Last is { Kind: LayerKind.Standardize })
        {
            // Charged before the constant is read: each fold costs a pass over the width.
            ChargeFold(walk, where);
        }

        float[] c = PerFeature(constant, where, node.OpType == "Div" ? "divisor" : "constant", walk.Features);
        if (node.OpType == "Div")
        {
            if (data != 0)
            {
                throw Node(where, "it divides a constant by the data; SpanNet imports Div only as data / constant");
            }

            int zero = Array.IndexOf(c, 0f);
            if (zero >= 0)
            {
                throw Node(where, $"its divisor '{constant}' is 0 at element {zero}; a standardisation divides by it");
            }
        }

        PlannedLayer? last = walk.Last;
        if (last is { Kind: LayerKind.Standardize })
        {
            FoldInto(last, node.OpType, data, c, where);
            return;
        }

        int width = walk.Features;
        float[] ones = new float[width], zeros = new float[width];
        ones.AsSpan().Fill(1f);
        PlannedLayer map = (node.OpType, data) switch
        {
            ("Sub", 0) => PlannedLayer.FixedMap(subtractDivide: true, c, ones),
            ("Div", _) => PlannedLayer.FixedMap(subtractDivide: true, zeros, c),
            ("Sub", _) => PlannedLayer.FixedMap(subtractDivide: false, Negated(ones), c),
            ("Mul", _) => PlannedLayer.FixedMap(subtractDivide: false, c, zeros),
            _ => PlannedLayer.FixedMap(subtractDivide: false, ones, c),
        };
        AddLayer(walk, map, where);
    }

    /// <summary>
    /// Folds data + c or data − c into the dense layer's bias, and data·c or data / c into its output columns: both
    /// its weights' and its bias's, so that a following Add still adds to the scaled bias.
    /// </summary>
    private void FoldIntoDense(PlannedLayer dense, string operatorType, string where, string constant)
    {
        if (operatorType is "Add" or "Sub")
        {
            AddBias(dense, where, constant, operatorType == "Add" ? 1f : -1f, operatorType == "Add" ? "the bias" : "the subtrahend");
            return;
        }

        float[] c = PerFeature(constant, where, operatorType == "Div" ? "divisor" : "factor", dense.Outputs);
        float[] scale = dense.ColumnScale ?? new float[dense.Outputs];
        for (int j = 0; j < c.Length; j++)
        {
            if (operatorType == "Div" && c[j] == 0f)
            {
                throw Node(where, $"its divisor '{constant}' is 0 at element {j}");
            }

            float factor = operatorType == "Div" ? 1f / c[j] : c[j];
            scale[j] = dense.ColumnScale is null ? factor : scale[j] * factor;
            if (dense.Bias is not null)
            {
                dense.Bias[j] = operatorType == "Div" ? dense.Bias[j] / c[j] : dense.Bias[j] * c[j];
            }
        }

        for (int j = 0; j < scale.Length; j++)
        {
            if (!float.IsFinite(scale[j]) || (dense.Bias is not null && !float.IsFinite(dense.Bias[j])))
            {
                throw Node(where, $"folding it into the dense layer before it gives a NaN or infinite parameter in output {j}; SpanNet imports finite parameters only");
            }
        }

        // The scaled weights are checked once, when the walk is done (CheckScaledWeights), not on every fold.
        dense.ColumnScale = scale;
        dense.FoldedAt = where;
    }

    /// <summary>
    /// Each operation folded into a layer before it counts as a layer of its width towards the limits (the layer count
    /// and the activations per sample), so a long run of folds cannot make planning slow: every fold is a pass over
    /// the width.
    /// </summary>
    private void ChargeFold(ChainState walk, string where)
    {
        if (_layerCount >= OnnxImporter.MaxLayers)
        {
            throw Node(where, $"the graph has more than {OnnxImporter.MaxLayers} layers and folded operations");
        }

        _layerCount++;
        _activations += walk.Features;
        if (_activations > OnnxImporter.MaxActivationsPerSample)
        {
            throw Node(where, $"the layers and folded operations up to this node give {_activations} activations per sample, more than the limit of {OnnxImporter.MaxActivationsPerSample}");
        }
    }

    /// <summary>Every dense layer with folded factors keeps finite weights once they are applied: one pass over each, when the walk is done.</summary>
    private void CheckScaledWeights(IEnumerable<PlannedLayer> layers)
    {
        foreach (PlannedLayer layer in layers)
        {
            if (layer.Children is not null)
            {
                CheckScaledWeights(layer.Children);
            }

            if (layer.ColumnScale is null)
            {
                continue;
            }

            FloatTensor weights = layer.Weights!;
            for (int i = 0; i < weights.Count; i++)
            {
                int column = layer.Transposed ? i / layer.Inputs : i % layer.Outputs;
                if (!float.IsFinite(layer.Scale(column) * weights[i]))
                {
                    throw Node(layer.FoldedAt!, $"folding it into the dense layer before it gives a NaN or infinite weight in output {column}; SpanNet imports finite parameters only");
                }
            }
        }
    }

    /// <summary>
    /// Folds one more constant operation into the fixed map before it: a Div right after a lone Sub completes the
    /// standardisation (x − a)/b exactly as the graph computes it; anything else becomes one map x·a + b (in double,
    /// then rounded once).
    /// </summary>
    private void FoldInto(PlannedLayer map, string operatorType, int data, float[] c, string where)
    {
        float[] a = map.First!, b = map.Second!;
        if (map.SubtractDivide && operatorType == "Div" && Array.TrueForAll(b, v => v == 1f))
        {
            map.Second = c;
            return;
        }

        int width = a.Length;
        var multiplier = new double[width];
        var offset = new double[width];
        for (int j = 0; j < width; j++)
        {
            // The map so far as x·m + o.
            (double m, double o) = map.SubtractDivide ? (1.0 / b[j], -(double)a[j] / b[j]) : (a[j], b[j]);
            (multiplier[j], offset[j]) = (operatorType, data) switch
            {
                ("Sub", 0) => (m, o - c[j]),
                ("Sub", _) => (-m, c[j] - o),
                ("Div", _) => (m / c[j], o / c[j]),
                ("Mul", _) => (m * c[j], o * c[j]),
                _ => (m, o + c[j]),
            };
        }

        float[] newA = new float[width], newB = new float[width];
        for (int j = 0; j < width; j++)
        {
            newA[j] = (float)multiplier[j];
            newB[j] = (float)offset[j];
            if (!float.IsFinite(newA[j]) || !float.IsFinite(newB[j]))
            {
                throw Node(where, $"folding it into the fixed map before it gives a NaN or infinite value for feature {j}; SpanNet imports finite maps only");
            }
        }

        map.SubtractDivide = false;
        map.First = newA;
        map.Second = newB;
    }

    /// <summary>PyTorch's Softplus with β ≠ 1: Div(Softplus(Mul(x, β)), β), each value read once, β a positive scalar.</summary>
    private bool TrySoftplusWithBeta(NodeProto mul, ChainState walk, string constant)
    {
        if (!TryScalarConstant(constant, out double beta) || beta <= 0)
        {
            return false;
        }

        int softplus = OnlyReader(mul.Output[0]);
        if (softplus < 0 || _nodes[softplus].OpType != "Softplus" || _nodes[softplus].Input.Count != 1 || _nodes[softplus].Output.Count != 1)
        {
            return false;
        }

        int div = OnlyReader(_nodes[softplus].Output[0]);
        if (div < 0 || _nodes[div].OpType != "Div" || _nodes[div].Input.Count != 2 || _nodes[div].Output.Count != 1
            || _nodes[div].Input[0] != _nodes[softplus].Output[0] || !TryScalarConstant(_nodes[div].Input[1], out double divisor) || divisor != beta)
        {
            return false;
        }

        AddSoftplus(walk, (float)beta, NodeText(_nodes[div], div));
        _claimed[softplus] = true;
        _claimed[div] = true;
        walk.Current = _nodes[div].Output[0];
        return true;
    }

    /// <summary>The one open reader of <paramref name="value"/>, or −1 when it has none or several (or is the graph's output).</summary>
    private int OnlyReader(string value)
    {
        if (value == _graphOutput)
        {
            return -1;
        }

        List<int> readers = OpenReaders(value, -1);
        return readers.Count == 1 ? readers[0] : -1;
    }

    private static float[] Negated(float[] values)
    {
        for (int j = 0; j < values.Length; j++)
        {
            values[j] = -values[j];
        }

        return values;
    }
}
