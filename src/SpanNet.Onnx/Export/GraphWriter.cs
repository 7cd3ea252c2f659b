using System;
using SpanNet.Layers;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Export;

/// <summary>The protobuf side of <see cref="OnnxGraphWriter"/>: what layers write lands in one <see cref="GraphProto"/>.</summary>
internal sealed class GraphWriter(GraphProto graph) : OnnxGraphWriter
{
    public override string Constant(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
    {
        graph.Initializer.Add(OnnxExporter.FloatTensor(name, values, dims));
        return name;
    }

    public override void Node(string operatorType, string name, string[] inputs, string output, params ReadOnlySpan<OnnxAttribute> attributes)
    {
        NodeProto node = OnnxExporter.Node(operatorType, name, inputs, output);
        foreach (OnnxAttribute attribute in attributes)
        {
            node.Attribute.Add(attribute switch
            {
                { Integer: long value } => new AttributeProto { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Int, I = value },
                { Real: float value } => new AttributeProto { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Float, F = value },
                _ => Ints(attribute),
            });
        }

        graph.Node.Add(node);
    }

    private static AttributeProto Ints(OnnxAttribute attribute)
    {
        var proto = new AttributeProto { Name = attribute.Name, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.Add(attribute.Integers!);
        return proto;
    }
}
