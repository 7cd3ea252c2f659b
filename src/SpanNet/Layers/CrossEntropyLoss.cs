using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// Categorical cross-entropy on probabilities (after a <see cref="SoftmaxLayer"/>):
/// <c>−(1/batch) Σ t·log max(p, 1e-7)</c>. Targets are one-hot rows or class indices.
/// </summary>
public sealed class CrossEntropyLoss : LossFunction
{
    /// <inheritdoc/>
    public override LossKind Kind => LossKind.CrossEntropy;

    /// <inheritdoc/>
    public override bool AcceptsLabels => true;

    internal override float Forward(ReadOnlySpan<float> output, Targets targets, int batch, int outputs, Span<float> scratch)
    {
        if (!targets.IsLabels)
        {
            return Losses.CrossEntropy(output, targets.Values, batch, outputs);
        }

        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            total -= Math.Log(MathF.Max(output[(i * outputs) + targets.Labels[i]], Losses.ProbabilityFloor));
        }

        return (float)(total / batch);
    }

    internal override void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int batch, int outputs, Span<float> dOutput)
    {
        if (!targets.IsLabels)
        {
            Losses.CrossEntropyGradient(output, targets.Values, dOutput, batch, outputs);
            return;
        }

        dOutput[..(batch * outputs)].Clear();
        for (int i = 0; i < batch; i++)
        {
            int at = (i * outputs) + targets.Labels[i];
            dOutput[at] = -1f / (MathF.Max(output[at], Losses.ProbabilityFloor) * batch);
        }
    }
}
