using System;

namespace SpanNet.Layers;

/// <summary>
/// The last stage of a network: scores a batch of outputs against targets and starts the backward pass. The loss is
/// the mean over the batch, and only the loss applies the 1/batch factor (like DLFS's <c>SoftmaxWithLoss</c>).
/// </summary>
public abstract class LossFunction
{
    private protected LossFunction()
    {
    }

    /// <summary>What this loss is, as stored in a model file.</summary>
    public abstract LossKind Kind { get; }

    /// <summary>Whether targets may be given as class indices.</summary>
    public virtual bool AcceptsLabels => false;

    /// <summary>Returns the mean loss; may write what <see cref="Backward"/> needs into <paramref name="scratch"/> (batch × outputs).</summary>
    internal abstract float Forward(ReadOnlySpan<float> output, Targets targets, int batch, int outputs, Span<float> scratch);

    /// <summary>Overwrites <paramref name="dOutput"/> with ∂loss/∂output, using the scratch <see cref="Forward"/> wrote.</summary>
    internal abstract void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int batch, int outputs, Span<float> dOutput);
}
