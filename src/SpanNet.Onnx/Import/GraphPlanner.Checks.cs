using System;
using System.Globalization;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

// Shape, input, constant and attribute checks every node plan uses.
internal sealed partial class GraphPlanner
{
    private void ExpectRank2(string where, ChainState walk, string operatorType)
    {
        if (walk.Rank != 2)
        {
            throw Node(where, $"its input has rank {walk.Rank}; SpanNet imports {operatorType} on [N, features] (add Flatten or Reshape before it)");
        }
    }

    private void ExpectInputs(NodeProto node, string where, int min, int max)
    {
        if (node.Input.Count < min || node.Input.Count > max)
        {
            throw Node(where, $"it has {node.Input.Count} inputs; {node.OpType} takes {(min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}")}");
        }
    }

    private bool IsConstant(string name) => _initializers.ContainsKey(name) || _constants.ContainsKey(name);

    /// <summary>The initializer or Constant output <paramref name="name"/>, which <paramref name="role"/> of the node needs.</summary>
    private TensorProto Constant(string name, string where, string role)
    {
        if (_constants.TryGetValue(name, out TensorProto? constant) || _initializers.TryGetValue(name, out constant))
        {
            return constant;
        }

        throw Node(where, $"its {role} '{name}' is missing or not a constant; SpanNet needs it as an initializer or a Constant");
    }

    private long IntAttribute(NodeProto node, string where, string name, long fallback)
    {
        AttributeProto? attribute = Attribute(node, where, name, AttributeProto.Types.AttributeType.Int);
        return attribute is null ? fallback : attribute.I;
    }

    private float FloatAttribute(NodeProto node, string where, string name, float fallback)
    {
        AttributeProto? attribute = Attribute(node, where, name, AttributeProto.Types.AttributeType.Float);
        if (attribute is null)
        {
            return fallback;
        }

        if (!float.IsFinite(attribute.F))
        {
            throw Node(where, $"attribute {name} is {attribute.F.ToString(CultureInfo.InvariantCulture)}; it must be finite");
        }

        return attribute.F;
    }

    private AttributeProto? Attribute(NodeProto node, string where, string name, AttributeProto.Types.AttributeType type)
    {
        AttributeProto? found = null;
        foreach (AttributeProto attribute in node.Attribute)
        {
            if (attribute.Name != name)
            {
                continue;
            }

            if (found is not null)
            {
                throw Node(where, $"attribute {name} is given twice");
            }

            // Writers before IR 4 left the type out; the value field then tells it.
            if (attribute.Type != type && attribute.Type != AttributeProto.Types.AttributeType.Undefined)
            {
                throw Node(where, $"attribute {name} is of type {attribute.Type}; {type} is expected");
            }

            found = attribute;
        }

        return found;
    }
}
