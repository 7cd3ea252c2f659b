using System;

namespace SpanNet.Memory;

/// <summary>
/// A read-only row-major matrix over borrowed floats; see <see cref="MatrixView"/>.
/// </summary>
internal readonly ref struct ReadOnlyMatrixView
{
    /// <summary>Views <paramref name="data"/> as a matrix; <paramref name="rowStride"/> defaults to <paramref name="columns"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the stride is shorter than a row.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is too short for the shape.</exception>
    public ReadOnlyMatrixView(ReadOnlySpan<float> data, int rows, int columns, int rowStride = -1)
    {
        rowStride = MatrixShape.Check(data.Length, rows, columns, rowStride, nameof(data));
        Data = data;
        Rows = rows;
        Columns = columns;
        RowStride = rowStride;
    }

    /// <summary>The floats behind the view, from the first element of row 0.</summary>
    public ReadOnlySpan<float> Data { get; }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The distance in floats between the starts of consecutive rows.</summary>
    public int RowStride { get; }

    /// <summary>Row <paramref name="row"/> as a span of <see cref="Columns"/> floats.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(row), $"row {row} is outside [0, {Rows}).");
        }

        return Data.Slice(row * RowStride, Columns);
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public float this[int row, int column]
    {
        get
        {
            if ((uint)column >= (uint)Columns)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(column), $"column {column} is outside [0, {Columns}).");
            }

            return Row(row)[column];
        }
    }
}
