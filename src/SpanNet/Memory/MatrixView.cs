using System;
using System.Runtime.CompilerServices;

namespace SpanNet.Memory;

/// <summary>
/// A row-major matrix over borrowed floats: <see cref="Rows"/> × <see cref="Columns"/> elements, row <c>r</c>
/// starting at <c>r · RowStride</c>. The shape is checked against the span once, here.
/// </summary>
internal readonly ref struct MatrixView
{
    /// <summary>Views <paramref name="data"/> as a matrix; <paramref name="rowStride"/> defaults to <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the stride is shorter than a row.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is too short for the shape.</exception>
    public MatrixView(Span<float> data, int rows, int columns, int rowStride = -1)
    {
        rowStride = MatrixShape.Check(data.Length, rows, columns, rowStride, nameof(data));
        Data = data;
        Rows = rows;
        Columns = columns;
        RowStride = rowStride;
    }

    /// <summary>The floats behind the view, from the first element of row 0.</summary>
    public Span<float> Data { get; }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The distance in floats between the starts of consecutive rows.</summary>
    public int RowStride { get; }

    /// <summary>Row <paramref name="row"/> as a span of <see cref="Columns"/> floats.</summary>
    public Span<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(row), $"row {row} is outside [0, {Rows}).");
        }

        return Data.Slice(row * RowStride, Columns);
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public ref float this[int row, int column]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)column >= (uint)Columns)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(column), $"column {column} is outside [0, {Columns}).");
            }

            return ref Row(row)[column];
        }
    }

    /// <summary>A read-only view of the same elements.</summary>
    public static implicit operator ReadOnlyMatrixView(MatrixView view) =>
        new(view.Data, view.Rows, view.Columns, view.RowStride);
}
