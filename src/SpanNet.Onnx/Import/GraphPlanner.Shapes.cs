using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// Flatten, Reshape and Dropout: the nodes that keep the chain a [batch, features] tensor.
internal sealed partial class GraphPlanner
{
    private void PlanFlatten(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 1, 1);
        long axis = IntAttribute(node, where, "axis", 1);
        long normalized = axis < 0 ? axis + walk.Rank : axis;
        if (normalized != 1)
        {
            throw Node(where, $"attribute axis is {axis} on a rank-{walk.Rank} input; SpanNet imports Flatten at axis 1 (keeping the batch) only");
        }

        walk.Rank = 2;
    }

    private void PlanReshape(NodeProto node, string where, ChainState walk)
    {
        ExpectInputs(node, where, 2, 2);
        long allowZero = IntAttribute(node, where, "allowzero", 0);
        long[] shape = TensorReader.Int64(Constant(node.Input[1], where, "input shape"), $"{where}, input shape", MaxReshapeRank);
        string text = "[" + string.Join(", ", shape) + "]";
        if (shape.Length != 2)
        {
            throw Node(where, $"its shape {text} is not 2-D; SpanNet imports Reshape to [N, -1] (or [0, -1], [-1, features]) only");
        }

        long batch = shape[0], width = shape[1];
        bool batchKept = (batch == 0 && allowZero == 0) || (batch == -1 && width == walk.Features) || (batch > 0 && batch == walk.FixedBatch);
        bool widthKept = width == -1 || width == walk.Features || (width == 0 && allowZero == 0 && walk.Rank == 2);
        if (!batchKept || !widthKept || (batch == -1 && width == -1))
        {
            throw Node(where, $"its shape {text} does not keep the batch and flatten {walk.Features} features; SpanNet imports Reshape to [0, -1], [-1, {walk.Features}] or [N, -1] only");
        }

        walk.Rank = 2;
    }

    private void PlanDropout(NodeProto node, string where)
    {
        ExpectInputs(node, where, 1, 3);
        if (node.Output.Count > 2)
        {
            throw Node(where, $"it has {node.Output.Count} outputs; Dropout has at most two");
        }

        if (node.Input.Count == 3 && node.Input[2].Length > 0 && TensorReader.Bool(Constant(node.Input[2], where, "input training_mode"), $"{where}, input training_mode"))
        {
            throw Node(where, "its training_mode is true; SpanNet imports Dropout in inference mode (an identity) only");
        }
    }
}
