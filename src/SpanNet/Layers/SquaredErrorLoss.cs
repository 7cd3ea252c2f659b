using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// Squared error against target rows, averaged over the batch, in either convention of the material: the mean over
/// outputs (<see cref="LossKind.MeanSquaredError"/>, the default) or half the sum (<see cref="LossKind.HalfSumSquaredError"/>).
/// </summary>
public sealed class SquaredErrorLoss : LossFunction
{
    /// <summary>Creates the loss in the given per-sample convention.</summary>
    /// <param name="convention">½Σ(y − t)² or (1/n)Σ(y − t)².</param>
    public SquaredErrorLoss(SquaredErrorConvention convention = SquaredErrorConvention.Mean)
    {
        Convention = convention;
    }

    /// <summary>The per-sample convention.</summary>
    public SquaredErrorConvention Convention { get; }

    /// <inheritdoc/>
    public override LossKind Kind => Convention == SquaredErrorConvention.HalfSum ? LossKind.HalfSumSquaredError : LossKind.MeanSquaredError;

    internal override float Forward(ReadOnlySpan<float> output, Targets targets, int batch, int outputs, Span<float> scratch) =>
        Losses.MeanSquaredError(output, targets.Values, batch, outputs, Convention);

    internal override void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int batch, int outputs, Span<float> dOutput) =>
        Losses.MeanSquaredErrorGradient(output, targets.Values, dOutput, batch, outputs, Convention);

    internal override bool IsRowLocal => true;

    internal override void ForwardRows(ReadOnlySpan<float> output, Targets targets, int rows, int outputs, Span<float> scratch, Span<double> rowLosses) =>
        Losses.SquaredErrorRowTerms(output, targets.Values, rows, outputs, rowLosses);

    internal override float Mean(ReadOnlySpan<double> rowLosses, int outputs) =>
        Losses.MeanOfRowTerms(rowLosses, Losses.SquaredErrorScale(Convention, outputs));

    internal override void BackwardRows(ReadOnlySpan<float> output, ReadOnlySpan<float> scratch, Targets targets, int rows, int batch, int outputs, Span<float> dOutput) =>
        Losses.MeanSquaredErrorGradientUnchecked(output, targets.Values, dOutput, batch, outputs, Convention);
}
