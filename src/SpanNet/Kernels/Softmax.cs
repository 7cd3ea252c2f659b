using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

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
        if (rows == 0)
        {
            return;
        }

        var call = new RowsCall(x, y, rows, columns);
        WidthDispatcher.Run(ref call);
    }

    /// <summary>
    /// <c>y[i, j] = (x[i, j] − mᵢ) − log Σₖ e^(x[i, k] − mᵢ)</c>: the log of <see cref="Rows"/>, computed without
    /// forming the probabilities, so tiny probabilities keep their exponent instead of rounding to log 0, and in that
    /// order, so inputs around ±1e4 keep the accuracy of the result's own magnitude.
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
            // (x − m) − log Σ, not x − (m + log Σ): the normaliser rounded at the inputs' magnitude (half a float step
            // at 1e4) would swamp a result near 0. y holds the probabilities until the first subtraction overwrites it.
            float logSum = Row(xRow, yRow, out float max);
            ElementWise.Apply<SubtractScalarOperator>(xRow, max, yRow);
            ElementWise.Apply<SubtractScalarOperator>(yRow, logSum, yRow);
        }
    }

    /// <summary>
    /// Softmax of one row (the caller checked the shape), returning <c>log Σ e^(x − m)</c> and the row maximum
    /// <paramref name="max"/> as by-products: the row's log-sum-exp is <c>m + log Σ</c>, but callers subtract m first.
    /// <paramref name="y"/> may be <paramref name="x"/>; the row is not empty.
    /// </summary>
    internal static float Row(ReadOnlySpan<float> x, Span<float> y, out float max)
    {
        var call = new RowCall(x, y);
        (float logSum, max) = WidthDispatcher.Run<RowCall, (float LogSum, float Max)>(ref call);
        return logSum;
    }

    /// <summary>
    /// The three passes of a row softmax (max; exp and sum; scale) for a row at least one vector long; returns
    /// Σ e^(x − max). A ragged end is a masked overlapping last vector: in place, the overlapped lanes of x are
    /// already overwritten when it is reached, so (unlike <see cref="ElementWise"/>'s compute-first tail) the mask keeps them out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float RowCore<TVec>(ReadOnlySpan<float> x, Span<float> y, out float max)
        where TVec : struct, IFloatVector<TVec>
    {
        nuint n = (nuint)x.Length, width = (nuint)TVec.Count, i;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint last = n - width;

        // Max is idempotent, so the overlapping last vector needs no mask.
        TVec maxima = TVec.Load(in xr, last);
        for (i = 0; i < last; i += width)
        {
            maxima = TVec.Max(maxima, TVec.Load(in xr, i));
        }

        max = TVec.MaxAcross(maxima);
        TVec shift = TVec.Create(max);
        TVec sums = TVec.Zero;
        for (i = 0; i + width <= n; i += width)
        {
            TVec e = VectorMath.Exp(TVec.Load(in xr, i) - shift);
            TVec.Store(e, ref yr, i);
            sums += e;
        }

        TVec fresh = TVec.LanesFrom((int)(i - last));
        if (i < n)
        {
            // Lanes below the mask were done above (and, in place, x there is already overwritten): keep them out.
            TVec e = TVec.Select(fresh, VectorMath.Exp(TVec.Load(in xr, last) - shift), TVec.Zero);
            TVec.Store(TVec.Select(fresh, e, TVec.Load(in yr, last)), ref yr, last);
            sums += e;
        }

        float sum = TVec.Sum(sums);
        TVec scale = TVec.Create(1f / sum);
        for (i = 0; i + width <= n; i += width)
        {
            TVec.Store(TVec.Load(in yr, i) * scale, ref yr, i);
        }

        if (i < n)
        {
            TVec current = TVec.Load(in yr, last);
            TVec.Store(TVec.Select(fresh, current * scale, current), ref yr, last);
        }

        return sum;
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

    /// <summary>
    /// <see cref="Rows"/> with its arguments bound. Rows shorter than one vector run at the widest narrower width
    /// that fits them, since the row passes need at least one whole vector.
    /// </summary>
    private readonly ref struct RowsCall(ReadOnlySpan<float> x, Span<float> y, int rows, int columns) : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly Span<float> _y = y;
        private readonly int _rows = rows;
        private readonly int _columns = columns;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            if (_columns < TVec.Count)
            {
                RowsCall self = this;
                WidthDispatcher.RunNarrower<RowsCall, TVec>(ref self);
                return;
            }

            for (int i = 0; i < _rows; i++)
            {
                _ = RowCore<TVec>(_x.Slice(i * _columns, _columns), _y.Slice(i * _columns, _columns), out _);
            }
        }
    }

    /// <summary>
    /// <see cref="Row"/> with its arguments bound; returns <c>log Σ e^(x − m)</c> and the row maximum m. A row shorter
    /// than one vector runs at a narrower width, as in <see cref="RowsCall"/>.
    /// </summary>
    private readonly ref struct RowCall(ReadOnlySpan<float> x, Span<float> y) : IWidthKernel<(float LogSum, float Max)>
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly Span<float> _y = y;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public (float LogSum, float Max) Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            if (_x.Length < TVec.Count)
            {
                RowCall self = this;
                return WidthDispatcher.RunNarrower<RowCall, TVec, (float LogSum, float Max)>(ref self, (float.NaN, float.NaN));
            }

            float sum = RowCore<TVec>(_x, _y, out float max);
            return (MathF.Log(sum), max);
        }
    }
}
