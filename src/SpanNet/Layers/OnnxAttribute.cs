namespace SpanNet.Layers;

/// <summary>An attribute of an ONNX node a layer writes: an integer, a float or a list of integers.</summary>
internal readonly record struct OnnxAttribute(string Name, long? Integer, float? Real, long[]? Integers)
{
    public static OnnxAttribute Int(string name, long value) => new(name, value, null, null);

    public static OnnxAttribute Float(string name, float value) => new(name, null, value, null);

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, null, null, values);
}
