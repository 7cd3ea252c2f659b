using SpanNet.Layers;

namespace SpanNet.Inference;

/// <summary>
/// One layer of an <see cref="InferenceModel"/>, as the session runs it: its kind and sizes, and for a dense layer
/// where its padded weights [Inputs, Stride] and bias [Stride] sit in the model's parameter buffer.
/// </summary>
internal readonly struct InferenceStep
{
    public InferenceStep(LayerKind kind, int inputs, int outputs, int stride, int weightsOffset, int biasOffset, ActivationDescriptor? activation, float alpha)
    {
        Kind = kind;
        Inputs = inputs;
        Outputs = outputs;
        Stride = stride;
        WeightsOffset = weightsOffset;
        BiasOffset = biasOffset;
        Activation = activation;
        Alpha = alpha;
    }

    public LayerKind Kind { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>The padded row stride of a dense layer's weights and output (a whole number of cache lines).</summary>
    public int Stride { get; }

    public int WeightsOffset { get; }

    public int BiasOffset { get; }

    /// <summary>The activation of an activation layer; null for the others.</summary>
    public ActivationDescriptor? Activation { get; }

    /// <summary>α of the activation (0 where it has none).</summary>
    public float Alpha { get; }
}
