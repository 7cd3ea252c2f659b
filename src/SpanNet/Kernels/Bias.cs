using System;
using System.Diagnostics;
using SpanNet.Kernels.Operators;

namespace SpanNet.Kernels;

/// <summary>The bias half of a dense layer: broadcast a row vector forward, sum columns backward.</summary>
public static class Bias
{
    /// <summary>Adds <paramref name="bias"/> to every row: <c>x[i, j] += b[j]</c>.</summary>
    /// <param name="bias">The row vector, <paramref name="columns"/> long.</param>
    /// <param name="matrix">Accumulated into: <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void AddToRows(ReadOnlySpan<float> bias, Span<float> matrix, int rows, int columns)
    {
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        Guard.Length(bias.Length, columns, nameof(bias));
        Guard.Length(matrix.Length, Guard.Product(rows, columns, nameof(matrix)), nameof(matrix));
        AddToRowsUnchecked(bias, matrix, rows, columns);
    }

    /// <summary>The bias gradient: <c>db[j] += Σᵢ dY[i, j]</c>.</summary>
    /// <param name="dOutput">dY, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="dBias">Accumulated into (not overwritten), <paramref name="columns"/> long.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void AccumulateGradient(ReadOnlySpan<float> dOutput, Span<float> dBias, int rows, int columns)
    {
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        Guard.Length(dBias.Length, columns, nameof(dBias));
        Guard.Length(dOutput.Length, Guard.Product(rows, columns, nameof(dOutput)), nameof(dOutput));
        AccumulateGradientUnchecked(dOutput, dBias, rows, columns);
    }

    /// <summary><see cref="AddToRows"/> for a layer whose shapes the network checked once (<c>Debug.Assert</c> inside).</summary>
    internal static void AddToRowsUnchecked(ReadOnlySpan<float> bias, Span<float> matrix, int rows, int columns)
    {
        Debug.Assert(bias.Length == columns && matrix.Length == (long)rows * columns, "span lengths must match the shape");
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = matrix.Slice(i * columns, columns);
            ElementWise.Apply<AddOperator>(row, bias, row);
        }
    }

    /// <summary><see cref="AccumulateGradient"/> for a layer whose shapes the network checked once (<c>Debug.Assert</c> inside).</summary>
    internal static void AccumulateGradientUnchecked(ReadOnlySpan<float> dOutput, Span<float> dBias, int rows, int columns)
    {
        Debug.Assert(dBias.Length == columns && dOutput.Length == (long)rows * columns, "span lengths must match the shape");

        // Row by row keeps the summation order fixed, so runs are bit-identical whatever the batch split.
        for (int i = 0; i < rows; i++)
        {
            ElementWise.Apply<AddOperator>(dBias, dOutput.Slice(i * columns, columns), dBias);
        }
    }
}
