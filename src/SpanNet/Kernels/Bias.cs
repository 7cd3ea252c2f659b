using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Simd;

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
        var pass = new RowsPass(bias, matrix, rows, columns, accumulate: false);
        WidthDispatcher.Run(ref pass);
    }

    /// <summary><see cref="AccumulateGradient"/> for a layer whose shapes the network checked once (<c>Debug.Assert</c> inside).</summary>
    internal static void AccumulateGradientUnchecked(ReadOnlySpan<float> dOutput, Span<float> dBias, int rows, int columns)
    {
        Debug.Assert(dBias.Length == columns && dOutput.Length == (long)rows * columns, "span lengths must match the shape");
        var pass = new RowsPass(dBias, dOutput, rows, columns, accumulate: true);
        WidthDispatcher.Run(ref pass);
    }

    /// <summary>
    /// Both bias kernels as one pass over the whole matrix at the dispatcher's width: one dispatch a call rather than
    /// one a row (a small table's layers are 3 to 64 wide, so a dispatch and a narrowing per row cost more than the
    /// additions). Forward adds the bias row to each row of the matrix; backward adds each row of the matrix into the
    /// bias row, rows in order, so every element of the gradient sums its terms in the same order whatever the width.
    /// </summary>
    private readonly ref struct RowsPass : IWidthKernel
    {
        private readonly ref float _bias;
        private readonly ref float _matrix;
        private readonly int _rows;
        private readonly int _columns;
        private readonly bool _accumulate;

        public RowsPass(ReadOnlySpan<float> bias, ReadOnlySpan<float> matrix, int rows, int columns, bool accumulate)
        {
            _bias = ref MemoryMarshal.GetReference(bias);
            _matrix = ref MemoryMarshal.GetReference(matrix);
            _rows = rows;
            _columns = columns;
            _accumulate = accumulate;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            if (_columns == 0 || _rows == 0)
            {
                return;
            }

            if (_columns < TVec.Count)
            {
                RowsPass self = this;
                WidthDispatcher.RunNarrower<RowsPass, TVec>(ref self);
                return;
            }

            // A ragged end is one whole vector overlapping the previous one, computed before anything is stored (as
            // ElementWise does), so its overlapped lanes are written again with the values they already hold.
            nuint n = (nuint)_columns, width = (nuint)TVec.Count, last = n - width;
            bool ragged = n % width != 0;
            if (_accumulate)
            {
                TVec tail = ragged ? SumColumns<TVec>(last) : default;
                for (nuint j = 0; j + width <= n; j += width)
                {
                    TVec.Store(SumColumns<TVec>(j), ref _bias, j);
                }

                if (ragged)
                {
                    TVec.Store(tail, ref _bias, last);
                }

                return;
            }

            for (int r = 0; r < _rows; r++)
            {
                ref float row = ref Unsafe.Add(ref _matrix, (nint)r * _columns);
                TVec tail = ragged ? TVec.Load(in row, last) + TVec.Load(in _bias, last) : default;
                for (nuint j = 0; j + width <= n; j += width)
                {
                    TVec.Store(TVec.Load(in row, j) + TVec.Load(in _bias, j), ref row, j);
                }

                if (ragged)
                {
                    TVec.Store(tail, ref row, last);
                }
            }
        }

        /// <summary>The bias vector at column <paramref name="j"/> plus that vector of every row, in row order.</summary>
        private TVec SumColumns<TVec>(nuint j)
            where TVec : struct, IFloatVector<TVec>
        {
            TVec sum = TVec.Load(in _bias, j);
            for (int r = 0; r < _rows; r++)
            {
                sum += TVec.Load(in Unsafe.Add(ref _matrix, (nint)r * _columns), j);
            }

            return sum;
        }
    }
}
