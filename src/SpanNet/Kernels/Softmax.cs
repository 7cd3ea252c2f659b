using System;
using SpanNet.Kernels.Operators;

namespace SpanNet.Kernels;

/// <summary>Row-wise softmax and log-softmax, stable for any finite input (±1e4 included).</summary>
public static class Softmax
{
    /// <summary>
    /// <c>y[i, j] = e^(x[i, j] − mᵢ) / Σₖ e^(x[i, k] − mᵢ)</c> with <c>mᵢ = maxₖ x[i, k]</c>, so the largest exponent
    /// is 0 and nothing overflows. Every row of the result is positive where its inputs are within ~87 of the row
    /// maximum, and sums to 1 within a few ulp.
    /// </summary>
    /// <param name="x">The scores (logits), <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="y">Written: the probabilities, the same shape; may be <paramref name="x"/> itself.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns; at least 1 when there are rows.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or rows have no columns.</exception>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void Rows(ReadOnlySpan<float> x, Span<float> y, int rows, int columns)
    {
        CheckShape(x, y, rows, columns);
        for (int i = 0; i < rows; i++)
        {
            Row(x.Slice(i * columns, columns), y.Slice(i * columns, columns));
        }
    }

    /// <summary>
    /// <c>y[i, j] = x[i, j] − mᵢ − log Σₖ e^(x[i, k] − mᵢ)</c>: the log of <see cref="Rows"/>, computed without
    /// forming the probabilities, so tiny probabilities keep their exponent instead of rounding to log 0.
    /// </summary>
    /// <param name="x">The scores (logits), <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="y">Written: the log-probabilities, the same shape; must not overlap <paramref name="x"/>.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns; at least 1 when there are rows.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or rows have no columns.</exception>
    /// <exception cref="ArgumentException">A span's length does not match the shape, or the spans overlap.</exception>
    public static void LogRows(ReadOnlySpan<float> x, Span<float> y, int rows, int columns)
    {
        CheckShape(x, y, rows, columns);
        if (x.Overlaps(y))
        {
            ThrowHelper.Argument(nameof(y), "LogRows needs x intact after computing each row's normalizer, so y must not overlap x.");
        }

        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> xRow = x.Slice(i * columns, columns);
            Span<float> yRow = y.Slice(i * columns, columns);
            float logNormalizer = LogSumExp(xRow, yRow);
            ElementWise.Apply<SubtractScalarOperator>(xRow, logNormalizer, yRow);
        }
    }

    /// <summary>Softmax of one row (the caller checked the shape).</summary>
    internal static void Row(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = Aggregate.Run<MaxOperator>(x, ReadOnlySpan<float>.Empty);
        ElementWise.Apply<ExpOfDifferenceOperator>(x, max, y);
        float sum = Aggregate.Run<SumOperator>(y, ReadOnlySpan<float>.Empty);
        ElementWise.Apply<MultiplyByScalarOperator>(y, 1f / sum, y);
    }

    /// <summary>
    /// <c>log Σₖ e^x[k]</c> as <c>m + log Σₖ e^(x[k] − m)</c>, using <paramref name="scratch"/> (the row's length) for the
    /// exponentials. <paramref name="scratch"/> may alias <paramref name="x"/> only if the caller no longer needs x.
    /// </summary>
    internal static float LogSumExp(ReadOnlySpan<float> x, Span<float> scratch)
    {
        float max = Aggregate.Run<MaxOperator>(x, ReadOnlySpan<float>.Empty);
        ElementWise.Apply<ExpOfDifferenceOperator>(x, max, scratch);
        float sum = Aggregate.Run<SumOperator>(scratch, ReadOnlySpan<float>.Empty);
        return max + MathF.Log(sum);
    }

    private static void CheckShape(ReadOnlySpan<float> x, Span<float> y, int rows, int columns)
    {
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        if (rows > 0 && columns == 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(columns), "Softmax over rows with no columns is undefined.");
        }

        long length = Guard.Product(rows, columns, nameof(x));
        Guard.Length(x.Length, length, nameof(x));
        Guard.Length(y.Length, length, nameof(y));
    }
}
