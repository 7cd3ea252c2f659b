using System.Globalization;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// The element-wise activations (the descriptor table's operators, Softplus, Gelu, Clip, PRelu) and the final Softmax or
// LogSoftmax; adding a layer to the plan.
internal sealed partial class GraphPlanner
{
    /// <summary>ONNX's HardSigmoid α when the attribute is absent (PyTorch's 1/6 is written out).</summary>
    private const float OnnxHardSigmoidAlpha = 0.2f;

    /// <summary>ONNX's HardSigmoid β when the attribute is absent.</summary>
    private const float OnnxHardSigmoidBeta = 0.5f;

    /// <summary>ReLU6's upper bound: Clip(0, 6) imports as ReLU6.</summary>
    private const float Relu6Maximum = 6f;

    private void PlanActivation(NodeProto node, string where, ChainState walk, ActivationDescriptor activation)
    {
        ExpectInputs(node, where, 1, 1);
        float alpha = 0f;
        if (activation.HasAlpha)
        {
            // ONNX's defaults are the descriptor's: LeakyRelu 0.01, Elu 1.
            alpha = FloatAttribute(node, where, "alpha", activation.DefaultAlpha);
            if (!activation.IsValidAlpha(alpha))
            {
                throw Node(where, $"attribute alpha is {alpha.ToString(CultureInfo.InvariantCulture)}; SpanNet's {activation.Name} supports alpha {activation.AlphaRange}");
            }
        }

        AddLayer(walk, PlannedLayer.ActivationOf(activation, walk.Features, alpha), where);
    }

    /// <summary>HardSigmoid max(0, min(1, αx + β)) with ONNX's defaults α = 0.2, β = 0.5.</summary>
    private void PlanHardSigmoid(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 1, 1);
        ActivationDescriptor activation = ActivationDescriptors.For(Activation.HardSigmoid);
        float alpha = FloatAttribute(node, where, "alpha", OnnxHardSigmoidAlpha);
        float beta = FloatAttribute(node, where, "beta", OnnxHardSigmoidBeta);
        if (!activation.IsValidAlpha(alpha))
        {
            throw Node(where, $"attribute alpha is {alpha.ToString(CultureInfo.InvariantCulture)}; SpanNet's hard sigmoid supports alpha {activation.AlphaRange}");
        }

        AddLayer(walk, PlannedLayer.ActivationOf(activation, walk.Features, alpha, beta), where);
    }

    /// <summary>Softplus log(1 + eˣ): β = 1 and PyTorch's threshold 20, above which the two agree in float32.</summary>
    private void PlanSoftplus(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 1, 1);
        AddSoftplus(walk, 1f, where);
    }

    private void AddSoftplus(ChainState walk, float beta, string where)
    {
        ActivationDescriptor activation = ActivationDescriptors.For(Activation.Softplus);
        if (!activation.IsValidAlpha(beta))
        {
            throw Node(where, $"softplus β is {beta.ToString(CultureInfo.InvariantCulture)}; SpanNet's softplus supports β {activation.AlphaRange}");
        }

        AddLayer(walk, PlannedLayer.ActivationOf(activation, walk.Features, beta, activation.DefaultBeta), where);
    }

    /// <summary>Opset 20's Gelu, exact (approximate = "none") or in its tanh form.</summary>
    private void PlanGelu(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 1, 1);
        string approximate = StringAttribute(node, where, "approximate", "none");
        Activation activation = approximate switch
        {
            "none" => Activation.Gelu,
            "tanh" => Activation.GeluTanh,
            _ => throw Node(where, $"attribute approximate is '{approximate}'; SpanNet imports Gelu with approximate \"none\" or \"tanh\""),
        };
        AddLayer(walk, PlannedLayer.ActivationOf(ActivationDescriptors.For(activation), walk.Features, 0f), where);
    }

    /// <summary>
    /// Clip: its bounds are attributes below opset 11 and optional scalar inputs from 11; a missing bound is unbounded
    /// on that side (±float.MaxValue, as SpanNet's clip takes finite bounds). Clip(0, 6) is ReLU6.
    /// </summary>
    private void PlanClip(NodeProto node, string where, ChainState walk)
    {
        float min, max;
        if (_opset < 11)
        {
            ExpectInputs(node, where, 1, 1);
            min = FloatAttribute(node, where, "min", float.MinValue);
            max = FloatAttribute(node, where, "max", float.MaxValue);
        }
        else
        {
            ExpectInputs(node, where, 1, 3);
            min = node.Input.Count > 1 && node.Input[1].Length > 0 ? ScalarConstant(node.Input[1], where, "input min") : float.MinValue;
            max = node.Input.Count > 2 && node.Input[2].Length > 0 ? ScalarConstant(node.Input[2], where, "input max") : float.MaxValue;
        }

        if (min > max)
        {
            throw Node(where, $"its bounds are min {min.ToString(CultureInfo.InvariantCulture)} > max {max.ToString(CultureInfo.InvariantCulture)}; SpanNet imports Clip with min ≤ max");
        }

        PlannedLayer layer = min == 0f && max == Relu6Maximum
            ? PlannedLayer.ActivationOf(ActivationDescriptors.For(Activation.Relu6), walk.Features, 0f)
            : PlannedLayer.ActivationOf(ActivationDescriptors.For(Activation.Clip), walk.Features, min, max);
        AddLayer(walk, layer, where);
    }

    /// <summary>PRelu with a slope of shape [C] or [1, C] (one per feature) or a single slope (broadcast to every feature).</summary>
    private void PlanPRelu(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 2, 2);
        ExpectRank2(where, walk, "PRelu");
        float[] slopes = PerFeature(node.Input[1], where, "slope", walk.Features);
        AddLayer(walk, PlannedLayer.PRelu(slopes), where);
    }

    private void PlanSoftmax(NodeProto node, string where, ChainState walk, PredictionOutput prediction)
    {
        ExpectInputs(node, where, 1, 1);
        ExpectRank2(where, walk, node.OpType);

        // Before opset 13 the input is coerced to 2-D around axis (default 1); from 13 on the axis alone (default −1)
        // is normalized. On the [N, C] tensor an MLP ends in, axis 1 and −1 both mean "each row", either way.
        long axis = IntAttribute(node, where, "axis", _opset < 13 ? 1 : -1);
        if (axis is not (1 or -1))
        {
            throw Node(where, $"attribute axis is {axis}; SpanNet imports {node.OpType} over the features (axis 1 or -1) only");
        }

        if (walk.InBlock)
        {
            throw Node(where, $"it is inside a residual block; SpanNet imports {node.OpType} only as the graph's last operation");
        }

        if (walk.Layers.Count == 0)
        {
            throw Node(where, $"it is the only operation; SpanNet imports {node.OpType} after at least one layer");
        }

        walk.Prediction = prediction;
    }

    private void AddLayer(ChainState walk, PlannedLayer layer, string where)
    {
        if (_layerCount >= OnnxImporter.MaxLayers)
        {
            throw Node(where, $"the graph has more than {OnnxImporter.MaxLayers} layers");
        }

        _parameters += layer.Kind == LayerKind.Dense ? (long)layer.Inputs * layer.Outputs : layer.ParameterCount;
        CheckParameterCount(where);
        _activations += layer.Outputs;
        if (_activations > OnnxImporter.MaxActivationsPerSample)
        {
            throw Node(where, $"the layers up to this node give {_activations} activations per sample, more than the limit of {OnnxImporter.MaxActivationsPerSample}");
        }

        _layerCount++;
        walk.Layers.Add(layer);
    }

    private void CheckParameterCount(string where)
    {
        if (_parameters > OnnxImporter.MaxParameters)
        {
            throw Node(where, $"the network would have more than {OnnxImporter.MaxParameters} parameters");
        }
    }

    private void CheckFinite(FloatTensor weights, float alpha, string where)
    {
        int at = weights.FirstNonFinite(alpha);
        if (at >= 0)
        {
            throw Node(where, $"tensor '{weights.Name}' has a NaN or infinite weight at element {at}{(alpha == 1f ? string.Empty : " (after alpha)")}; SpanNet imports finite parameters only");
        }
    }
}
