using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// An element-wise activation as a layer: the same width in and out, no parameters, and a backward pass that needs
/// only the forward output (DLFS caches <c>Sigmoid.out</c> and <c>Relu.mask</c>; the output carries both).
/// </summary>
public sealed class ActivationLayer : Layer
{
    internal ActivationLayer(LayerKind kind, int width, float slope = 0f)
        : base(width, width)
    {
        if (kind is LayerKind.Dense or LayerKind.Softmax)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(kind), $"{kind} is not an element-wise activation.");
        }

        Kind = kind;
        Slope = slope;
    }

    /// <inheritdoc/>
    public override LayerKind Kind { get; }

    /// <summary>The negative slope α of a leaky ReLU; 0 for the others.</summary>
    public float Slope { get; }

    /// <inheritdoc/>
    public override bool IsTrainable => Kind != LayerKind.Step;

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, ReadOnlySpan<float> parameters, GemmScratch scratch) =>
        Apply(Kind, Slope, input, output);

    /// <summary>The element-wise function of <paramref name="kind"/> (with leaky-ReLU slope <paramref name="slope"/>); shared with the inference session.</summary>
    internal static void Apply(LayerKind kind, float slope, ReadOnlySpan<float> input, Span<float> output)
    {
        switch (kind)
        {
            case LayerKind.Relu: Activations.Relu(input, output); break;
            case LayerKind.LeakyRelu: Activations.LeakyRelu(input, slope, output); break;
            case LayerKind.Sigmoid: Activations.Sigmoid(input, output); break;
            case LayerKind.Tanh: Activations.Tanh(input, output); break;
            default: Activations.Step(input, output); break;
        }
    }

    internal override void Backward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> output,
        ReadOnlySpan<float> dOutput,
        Span<float> dInput,
        int batch,
        ReadOnlySpan<float> parameters,
        Span<float> dParameters,
        GemmScratch scratch)
    {
        if (dInput.IsEmpty)
        {
            return;
        }

        switch (Kind)
        {
            case LayerKind.Relu: Activations.ReluBackward(dOutput, output, dInput); break;
            case LayerKind.LeakyRelu: Activations.LeakyReluBackward(dOutput, output, Slope, dInput); break;
            case LayerKind.Sigmoid: Activations.SigmoidBackward(dOutput, output, dInput); break;
            case LayerKind.Tanh: Activations.TanhBackward(dOutput, output, dInput); break;
            default:
                ThrowHelper.InvalidOperation("A Step layer has no gradient (it is 0 almost everywhere), so a network with one cannot be trained; use Sigmoid or ReLU.");
                break;
        }
    }
}
