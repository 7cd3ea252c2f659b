using System;

namespace SpanNet.Layers;

/// <summary>
/// What a layer writes its ONNX nodes through (implemented by the SpanNet.Onnx exporter, which owns the protobuf
/// types), so that each layer kind keeps its ONNX form in its own file while the core stays free of packages.
/// </summary>
internal abstract class OnnxGraphWriter
{
    /// <summary>Adds a float initializer of shape <paramref name="dims"/> (a scalar when empty) and returns its name.</summary>
    public abstract string Constant(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims);

    /// <summary>Adds a node of <paramref name="operatorType"/> from <paramref name="inputs"/> to <paramref name="output"/>.</summary>
    public abstract void Node(string operatorType, string name, string[] inputs, string output, params ReadOnlySpan<OnnxAttribute> attributes);
}
