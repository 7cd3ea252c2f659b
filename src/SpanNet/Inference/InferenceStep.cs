using SpanNet.Layers;

namespace SpanNet.Inference;

/// <summary>
/// One layer of an <see cref="InferenceModel"/>, as the session runs it: its kind and sizes, and for a dense layer
/// where its padded weights [Inputs, Stride] and bias [Stride] sit in the model's parameter buffer.
/// </summary>
internal readonly struct InferenceStep
{
    public InferenceStep(LayerKind kind, int inputs, int outputs, int stride, int weightsOffset, int biasOffset, float slope)
    {
        Kind = kind;
        Inputs = inputs;
        Outputs = outputs;
        Stride = stride;
        WeightsOffset = weightsOffset;
        BiasOffset = biasOffset;
        Slope = slope;
    }

    public LayerKind Kind { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>The padded row stride of a dense layer's weights and output (a whole number of cache lines).</summary>
    public int Stride { get; }

    public int WeightsOffset { get; }

    public int BiasOffset { get; }

    /// <summary>α of a leaky ReLU.</summary>
    public float Slope { get; }
}
