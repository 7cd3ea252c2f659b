using System.Globalization;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// The element-wise activations (from the descriptor table) and the final Softmax or LogSoftmax; adding a layer to the plan.
internal sealed partial class GraphPlanner
{
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

        AddLayer(PlannedLayer.ActivationOf(activation, walk.Features, alpha), where);
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

        if (_layers.Count == 0)
        {
            throw Node(where, $"it is the only operation; SpanNet imports {node.OpType} after at least one layer");
        }

        walk.Prediction = prediction;
    }

    private void AddLayer(PlannedLayer layer, string where)
    {
        if (_layers.Count >= OnnxImporter.MaxLayers)
        {
            throw Node(where, $"the graph has more than {OnnxImporter.MaxLayers} layers");
        }

        if (layer.Kind == LayerKind.Dense)
        {
            _parameters += (long)layer.Inputs * layer.Outputs;
            CheckParameterCount(where);
        }

        _activations += layer.Outputs;
        if (_activations > OnnxImporter.MaxActivationsPerSample)
        {
            throw Node(where, $"the layers up to this node give {_activations} activations per sample, more than the limit of {OnnxImporter.MaxActivationsPerSample}");
        }

        _layers.Add(layer);
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
