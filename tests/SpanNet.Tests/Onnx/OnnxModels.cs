using System;
using Google.Protobuf;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Tests.Onnx;

/// <summary>Small ONNX models built in code, to be broken one way at a time by the hostile-input tests.</summary>
internal static class OnnxModels
{
    public const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>x [N, 4] → Gemm 'fc1' (W [3, 4], transB = 1, b [3]) → Relu 'relu' → y [N, 3], opset 13.</summary>
    public static ModelProto Valid()
    {
        var graph = new GraphProto { Name = "valid" };
        graph.Input.Add(Value("x", "N", 4));
        graph.Output.Add(Value("y", "N", 3));
        graph.Initializer.Add(Floats("W", [3, 4], 12));
        graph.Initializer.Add(Floats("b", [3], 3));
        graph.Node.Add(Node("Gemm", "fc1", ["x", "W", "b"], "h", new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        graph.Node.Add(Node("Relu", "relu", ["h"], "y"));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        return model;
    }

    public static byte[] Bytes(ModelProto model) => model.ToByteArray();

    public static NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        return node;
    }

    /// <summary>A raw_data float tensor of <paramref name="count"/> values 0.1, 0.2, … (dims given separately, so they may disagree).</summary>
    public static TensorProto Floats(string name, long[] dims, int count)
    {
        var tensor = new TensorProto { Name = name, DataType = FloatType };
        tensor.Dims.Add(dims);
        byte[] raw = new byte[count * sizeof(float)];
        for (int i = 0; i < count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), 0.1f * (i + 1));
        }

        tensor.RawData = ByteString.CopyFrom(raw);
        return tensor;
    }

    public static ValueInfoProto Value(string name, string batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        foreach (long dim in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } } };
    }
}
