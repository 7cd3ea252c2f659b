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

    private string StringAttribute(NodeProto node, string where, string name, string fallback)
    {
        AttributeProto? attribute = Attribute(node, where, name, AttributeProto.Types.AttributeType.String);
        return attribute is null ? fallback : attribute.S.ToStringUtf8();
    }

    /// <summary>A list-of-integers attribute (at most <see cref="MaxReshapeRank"/> values), or null when absent.</summary>
    private long[]? IntsAttribute(NodeProto node, string where, string name)
    {
        AttributeProto? attribute = Attribute(node, where, name, AttributeProto.Types.AttributeType.Ints);
        if (attribute is null)
        {
            return null;
        }

        if (attribute.Ints.Count > MaxReshapeRank)
        {
            throw Node(where, $"attribute {name} has {attribute.Ints.Count} values; at most {MaxReshapeRank} are supported");
        }

        return [.. attribute.Ints];
    }

    /// <summary>The single finite float of constant <paramref name="name"/> (a scalar or a tensor of one element).</summary>
    private float ScalarConstant(string name, string where, string role)
    {
        FloatTensor tensor = TensorReader.Float(Constant(name, where, role), $"{where}, {role}");
        if (tensor.Count != 1)
        {
            throw Node(where, $"its {role} '{tensor.Name}' is {tensor.Shape}; SpanNet needs a single value here");
        }

        float value = tensor[0];
        if (!float.IsFinite(value))
        {
            throw Node(where, $"its {role} '{tensor.Name}' is {value.ToString(CultureInfo.InvariantCulture)}; SpanNet imports finite values only");
        }

        return value;
    }

    /// <summary>Whether <paramref name="name"/> is a float constant of one element, and its value; false (no exception) for anything else.</summary>
    private bool TryScalarConstant(string name, out double value)
    {
        value = 0;
        if (!(_constants.TryGetValue(name, out TensorProto? tensor) || _initializers.TryGetValue(name, out tensor))
            || tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            return false;
        }

        FloatTensor floats = TensorReader.Float(tensor, $"ONNX model '{_source}', constant '{name}'");
        if (floats.Count != 1 || !float.IsFinite(floats[0]))
        {
            return false;
        }

        value = floats[0];
        return true;
    }

    /// <summary>
    /// The constant <paramref name="name"/> as one finite value per feature: of shape [C] or [1, C], or a single value
    /// (any shape of one element) repeated for every feature.
    /// </summary>
    private float[] PerFeature(string name, string where, string role, int features)
    {
        FloatTensor tensor = TensorReader.Float(Constant(name, where, role), $"{where}, {role}");
        bool single = tensor.Count == 1 && Array.TrueForAll(tensor.Dims, d => d == 1);
        bool row = tensor.Dims.Length is 1 or 2 && tensor.Dims[^1] == features && tensor.Count == features;
        if (!single && !row)
        {
            throw Node(where, $"its {role} '{tensor.Name}' is {tensor.Shape}; SpanNet imports a {role} of shape [{features}], [1, {features}] or a single value");
        }

        var values = new float[features];
        for (int j = 0; j < features; j++)
        {
            values[j] = tensor[single ? 0 : j];
            if (!float.IsFinite(values[j]))
            {
                throw Node(where, $"its {role} '{tensor.Name}' has a NaN or infinite value at element {j}; SpanNet imports finite values only");
            }
        }

        return values;
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
