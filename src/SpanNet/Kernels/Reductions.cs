using System;
using SpanNet.Kernels.Operators;
using SpanNet.Threading;

namespace SpanNet.Kernels;

/// <summary>Reductions over spans: sum, dot product, maximum, and the per-row argmax that turns scores into classes.</summary>
/// <remarks>
/// Sum, dot and max keep four vector accumulators, merged in a fixed order, so repeated runs are bit-identical; the
/// order differs from a left-to-right scalar sum, so results may differ from one in the last bits.
/// </remarks>
public static class Reductions
{
    /// <summary>The fewest elements a count is split over threads for: 64 KiB, a few microseconds of scanning.</summary>
    internal const int MinParallelCountFloats = 1 << 14;

    /// <summary>2²⁴: below it every count, and every sum of counts, is a float without rounding.</summary>
    private const int ExactFloatCount = 1 << 24;

    /// <summary><c>Σᵢ x[i]</c>; 0 for an empty span.</summary>
    /// <param name="x">The values.</param>
    /// <returns>The sum.</returns>
    public static float Sum(ReadOnlySpan<float> x) => Aggregate.Run<SumOperator>(x, ReadOnlySpan<float>.Empty);

    /// <summary><c>Σᵢ x[i] · y[i]</c>; 0 for empty spans.</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, the same length.</param>
    /// <returns>The dot product.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        return Aggregate.Run<DotOperator>(x, y);
    }

    /// <summary><c>maxᵢ x[i]</c>; NaN if any element is NaN.</summary>
    /// <param name="x">The values; at least one.</param>
    /// <returns>The largest value.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static float Max(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            ThrowHelper.Argument(nameof(x), "The maximum of an empty span is undefined.");
        }

        return Aggregate.Run<MaxOperator>(x, ReadOnlySpan<float>.Empty);
    }

    /// <summary>
    /// The fraction of <paramref name="x"/> that is not ±0 (NaN and ±∞ count as nonzero), 0 for an empty span: how
    /// sparse an input is, to choose between <see cref="Gemm.MultiplyAdd(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, MatrixOperation, MatrixOperation, float, float, GemmScratch?)"/>
    /// and <see cref="Gemm.MultiplyAddSparseA"/>.
    /// </summary>
    /// <param name="x">The values.</param>
    /// <returns>A fraction in [0, 1].</returns>
    public static float NonZeroFraction(ReadOnlySpan<float> x) => x.IsEmpty ? 0f : NonZeroCount(x) / x.Length;

    /// <summary>
    /// How many elements of <paramref name="x"/> are not ±0, over the worker pool when <paramref name="x"/> is long:
    /// a dense layer counts its batch's input twice a step, and split the count reads each thread's rows where the
    /// batch gather left them, in that thread's cache.
    /// </summary>
    /// <remarks>
    /// Every partial count is a whole number below 2²⁴, which a float holds exactly, so any split adds up to the same
    /// bits; longer spans, where a float count could round, are counted on one thread.
    /// </remarks>
    internal static unsafe float NonZeroCount(ReadOnlySpan<float> x)
    {
        int parts = x.Length < ExactFloatCount ? Math.Clamp(x.Length / MinParallelCountFloats, 1, Parallelism.Pool.ThreadCount) : 1;
        if (parts == 1)
        {
            return Aggregate.Run<NonZeroCountOperator>(x, ReadOnlySpan<float>.Empty);
        }

        float* counts = stackalloc float[parts];
        fixed (float* xPointer = x)
        {
            var job = new NonZeroCountJob { X = new(xPointer, x.Length), Counts = counts };
            Parallelism.Pool.Run(ref job, parts);
        }

        float total = 0f;
        for (int part = 0; part < parts; part++)
        {
            total += counts[part];
        }

        return total;
    }

    /// <summary>For each row, the column of its largest value (the first one on ties): <c>indices[i] = argmaxⱼ x[i, j]</c>.</summary>
    /// <param name="x"><paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="indices">Written: one index per row.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns; at least 1 when there are rows.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or rows have no columns.</exception>
    /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
    public static void ArgMaxRows(ReadOnlySpan<float> x, Span<int> indices, int rows, int columns)
    {
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        if (rows > 0 && columns == 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(columns), "Rows with no columns have no argmax.");
        }

        Guard.Length(x.Length, Guard.Product(rows, columns, nameof(x)), nameof(x));
        Guard.Length(indices.Length, rows, nameof(indices));
        for (int i = 0; i < rows; i++)
        {
            indices[i] = ArgMax(x.Slice(i * columns, columns));
        }
    }

    /// <summary>The index of the largest value (the first on ties; NaN never wins).</summary>
    internal static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        float bestValue = row[0];
        for (int j = 1; j < row.Length; j++)
        {
            if (row[j] > bestValue || float.IsNaN(bestValue))
            {
                best = j;
                bestValue = row[j];
            }
        }

        return best;
    }

    /// <summary>One thread's share of <see cref="NonZeroCount"/>: a range cut at whole 64-float blocks, its count in its own slot.</summary>
    private unsafe struct NonZeroCountJob : IParallelJob
    {
        public PinnedSpan X;
        public float* Counts;

        public readonly void Execute(int part, int parts)
        {
            (int start, int end) = PartRange.Of(X.Length, 64, part, parts);
            Counts[part] = Aggregate.Run<NonZeroCountOperator>(X.Span[start..end], ReadOnlySpan<float>.Empty);
        }
    }
}
