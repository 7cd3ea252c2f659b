using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// An element-wise activation as a layer: the same width in and out, no parameters, and a backward pass that needs
/// only the forward output (DLFS caches <c>Sigmoid.out</c> and <c>Relu.mask</c>; the output carries both).
/// </summary>
public sealed class ActivationLayer : Layer
{
    internal ActivationLayer(ActivationDescriptor descriptor, int width, float alpha)
        : base(width, width)
    {
        descriptor.CheckAlpha(alpha, nameof(alpha));
        Descriptor = descriptor;
        Alpha = alpha;
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Activation;

    /// <inheritdoc/>
    public override string Name => Activation.ToString();

    /// <summary>Which activation this layer applies.</summary>
    public Activation Activation => Descriptor.Activation;

    /// <summary>Everything about the activation: name, kernels, reference, ONNX operator.</summary>
    public ActivationDescriptor Descriptor { get; }

    /// <summary>α: leaky ReLU's negative slope, ELU's saturation; 0 for activations without one.</summary>
    public float Alpha { get; }

    /// <inheritdoc/>
    public override bool IsTrainable => Descriptor.IsTrainable;

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, ReadOnlySpan<float> parameters, GemmScratch scratch) =>
        Descriptor.Apply(input, Alpha, output);

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
        if (!dInput.IsEmpty)
        {
            Descriptor.ApplyBackward(dOutput, output, Alpha, dInput);
        }
    }
}
