namespace SpanNet.Memory;

/// <summary>The one shape check shared by <see cref="MatrixView"/> and <see cref="ReadOnlyMatrixView"/>.</summary>
internal static class MatrixShape
{
    /// <summary>Checks a row-major shape against a span length and returns the effective row stride.</summary>
    public static int Check(int dataLength, int rows, int columns, int rowStride, string dataName)
    {
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        if (rowStride < 0)
        {
            rowStride = columns;
        }
        else if (rowStride < columns)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rowStride), $"rowStride {rowStride} is shorter than a row of {columns} columns.");
        }

        long required = rows == 0 || columns == 0 ? 0 : ((long)(rows - 1) * rowStride) + columns;
        Guard.AtLeast(dataLength, required, dataName);
        return rowStride;
    }
}
