using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// The driver for reductions: four vector accumulators of the dispatcher's width in a fixed order, a masked overlapping
/// last vector for a ragged end, then one fold across lanes. The order never depends on alignment, so a run is
/// bit-identical to the next. Spans shorter than a vector run on the next narrower width.
/// </summary>
internal static class Aggregate
{
    /// <summary>Reduces <paramref name="x"/> (and <paramref name="y"/>, for binary operators) to one float.</summary>
    /// <remarks><paramref name="y"/> is read only if it is not empty.</remarks>
    public static float Run<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TOp : IAggregationOperator
    {
        var reduction = new Reduction<TOp>(x, y);
        return WidthDispatcher.Run<Reduction<TOp>, float>(ref reduction);
    }

    /// <summary>
    /// Σᵢ of the reduction of row i of <paramref name="x"/> (and of <paramref name="y"/>, for binary operators), each row
    /// <paramref name="columns"/> long, added in double in row order: what a loop of <see cref="Run{TOp}"/> over the rows
    /// gives, bit for bit, with one width dispatch instead of one per row (a regressor's output rows are one float long).
    /// </summary>
    public static double SumOfRows<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int rows, int columns)
        where TOp : IAggregationOperator
    {
        var reduction = new RowsReduction<TOp>(x, y, rows, columns);
        return WidthDispatcher.Run<RowsReduction<TOp>, double>(ref reduction);
    }

    /// <summary>One reduction over bound spans, at the width the dispatcher gives it.</summary>
    private readonly ref struct Reduction<TOp> : IWidthKernel<float>
        where TOp : IAggregationOperator
    {
        private readonly ReadOnlySpan<float> _x;
        private readonly ReadOnlySpan<float> _y;

        public Reduction(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            _x = x;
            _y = y;
        }

        /// <remarks>NoInlining for the same reason as <see cref="ElementWise"/>'s driver: a fresh inlining budget.</remarks>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public float Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            if (_x.Length < TVec.Count)
            {
                Reduction<TOp> self = this;
                return WidthDispatcher.RunNarrower<Reduction<TOp>, TVec, float>(ref self, TOp.Identity);
            }

            return Reduce<TOp, TVec>(_x, _y);
        }
    }

    /// <summary>
    /// Σᵢ reduce(rows i of <paramref name="x"/> and <paramref name="y"/>) in double, rows added in order: the same per-row
    /// floats as <see cref="Run{TOp}"/> on each row, with one width dispatch for the whole matrix.
    /// </summary>
    private readonly ref struct RowsReduction<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int rows, int columns) : IWidthKernel<double>
        where TOp : IAggregationOperator
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly ReadOnlySpan<float> _y = y;
        private readonly int _rows = rows;
        private readonly int _columns = columns;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public double Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            if (_columns < TVec.Count)
            {
                RowsReduction<TOp> self = this;
                // Only rows of no columns reach past the scalar width; each is the operator's identity.
                return WidthDispatcher.RunNarrower<RowsReduction<TOp>, TVec, double>(ref self, _columns == 0 ? EmptyRows() : double.NaN);
            }

            double total = 0;
            for (int i = 0; i < _rows; i++)
            {
                total += Reduce<TOp, TVec>(_x.Slice(i * _columns, _columns), _y.IsEmpty ? _y : _y.Slice(i * _columns, _columns));
            }

            return total;
        }

        private double EmptyRows()
        {
            double total = 0;
            for (int i = 0; i < _rows; i++)
            {
                total += TOp.Identity;
            }

            return total;
        }
    }

    /// <summary>The reduction of spans at least one <typeparamref name="TVec"/> long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduce<TOp, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TOp : IAggregationOperator
        where TVec : struct, IFloatVector<TVec>
    {
        nuint n = (nuint)x.Length, i = 0, width = (nuint)TVec.Count;
        ref float xr = ref MemoryMarshal.GetReference(x);

        // Unary reductions pass an empty y; reading x in its place keeps one loop for both arities.
        ref float yr = ref y.IsEmpty ? ref xr : ref MemoryMarshal.GetReference(y);
        TVec identity = TVec.Create(TOp.Identity);

        // Four independent accumulators hide the add/FMA latency on long spans; they are combined in a fixed order.
        TVec a0 = identity, a1 = identity, a2 = identity, a3 = identity;
        for (; i + (4 * width) <= n; i += 4 * width)
        {
            a0 = TOp.Accumulate(a0, TVec.Load(in xr, i), TVec.Load(in yr, i));
            a1 = TOp.Accumulate(a1, TVec.Load(in xr, i + width), TVec.Load(in yr, i + width));
            a2 = TOp.Accumulate(a2, TVec.Load(in xr, i + (2 * width)), TVec.Load(in yr, i + (2 * width)));
            a3 = TOp.Accumulate(a3, TVec.Load(in xr, i + (3 * width)), TVec.Load(in yr, i + (3 * width)));
        }

        for (; i + width <= n; i += width)
        {
            a0 = TOp.Accumulate(a0, TVec.Load(in xr, i), TVec.Load(in yr, i));
        }

        if (i < n)
        {
            // The last full vector overlaps lanes already counted; its partial result keeps only the new lanes.
            nuint last = n - width;
            TVec partial = TOp.Accumulate(identity, TVec.Load(in xr, last), TVec.Load(in yr, last));
            a1 = TOp.Merge(a1, TVec.Select(TVec.LanesFrom((int)(i - last)), partial, identity));
        }

        return TOp.Fold(TOp.Merge(TOp.Merge(a0, a1), TOp.Merge(a2, a3)));
    }
}
