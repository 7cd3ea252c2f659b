using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// Softmax and categorical cross-entropy fused on the last layer's scores: the loss is computed by log-sum-exp and the
/// gradient with respect to the scores is <c>(softmax(x) − t) / batch</c>. Targets are one-hot rows or class indices.
/// </summary>
public sealed class SoftmaxCrossEntropyLoss : LossFunction
{
    /// <inheritdoc/>
    public override LossKind Kind => LossKind.SoftmaxCrossEntropy;

    /// <inheritdoc/>
    public override bool AcceptsLabels => true;

    internal override float Forward(ReadOnlySpan<float> output, Targets targets, int batch, int outputs, Span<float> scratch) =>
        targets.IsLabels
            ? Losses.SoftmaxCrossEntropy(output, targets.Labels, scratch, batch, outputs)
            : Losses.SoftmaxCrossEntropy(output, targets.Values, scratch, batch, outputs);

    internal override void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int batch, int outputs, Span<float> dOutput)
    {
        if (targets.IsLabels)
        {
            Losses.SoftmaxCrossEntropyGradient(scratch, targets.Labels, dOutput, batch, outputs);
        }
        else
        {
            Losses.SoftmaxCrossEntropyGradient(scratch, targets.Values, dOutput, batch, outputs);
        }
    }

    internal override bool IsRowLocal => true;

    internal override void ForwardRows(ReadOnlySpan<float> output, Targets targets, int rows, int outputs, Span<float> scratch, Span<double> rowLosses)
    {
        if (targets.IsLabels)
        {
            Losses.SoftmaxCrossEntropyRowTerms(output, targets.Labels, scratch, rows, outputs, rowLosses);
        }
        else
        {
            Losses.SoftmaxCrossEntropyRowTerms(output, targets.Values, scratch, rows, outputs, rowLosses);
        }
    }

    internal override float Mean(ReadOnlySpan<double> rowLosses, int outputs) => Losses.MeanOfRowTerms(rowLosses, 1.0);

    internal override void BackwardRows(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int rows, int batch, int outputs, Span<float> dOutput)
    {
        if (targets.IsLabels)
        {
            Losses.SoftmaxCrossEntropyGradientUnchecked(scratch, targets.Labels, dOutput, rows, outputs, batch);
        }
        else
        {
            Losses.SoftmaxCrossEntropyGradientUnchecked(scratch, targets.Values, dOutput, batch);
        }
    }
}
