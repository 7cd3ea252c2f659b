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

    /// <summary>
    /// Whether the loss is a mean of per-row terms whose gradient treats each row on its own, so a row-split step can
    /// run <see cref="ForwardRows"/> and <see cref="BackwardRows"/> over ranges of rows and <see cref="Mean"/> once.
    /// </summary>
    internal virtual bool IsRowLocal => false;

    /// <summary>
    /// <see cref="Forward"/> over a range of <paramref name="rows"/> rows: writes each row's term of the loss into
    /// <paramref name="rowLosses"/> (and the rows' scratch) instead of returning their mean.
    /// </summary>
    internal virtual void ForwardRows(ReadOnlySpan<float> output, Targets targets, int rows, int outputs, Span<float> scratch, Span<double> rowLosses) =>
        throw new NotSupportedException($"{Kind} is not row-local.");

    /// <summary>The loss of a batch from its rows' terms, summed in row order: the bits <see cref="Forward"/> returns.</summary>
    internal virtual float Mean(ReadOnlySpan<double> rowLosses, int outputs) =>
        throw new NotSupportedException($"{Kind} is not row-local.");

    /// <summary><see cref="Backward"/> over a range of <paramref name="rows"/> rows of a batch of <paramref name="batch"/> (the mean's divisor).</summary>
    internal virtual void BackwardRows(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int rows, int batch, int outputs, Span<float> dOutput) =>
        throw new NotSupportedException($"{Kind} is not row-local.");
}
