using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>Binary cross-entropy on probabilities (after a sigmoid), averaged over every output of the batch.</summary>
public sealed class BinaryCrossEntropyLoss : LossFunction
{
    /// <inheritdoc/>
    public override LossKind Kind => LossKind.BinaryCrossEntropy;

    internal override float Forward(ReadOnlySpan<float> output, Targets targets, int batch, int outputs, Span<float> scratch) =>
        Losses.BinaryCrossEntropy(output, targets.Values, batch, outputs);

    internal override void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int batch, int outputs, Span<float> dOutput) =>
        Losses.BinaryCrossEntropyGradient(output, targets.Values, dOutput, batch, outputs);
}
