namespace SpanNet.Kernels;

/// <summary>A block of C, rows [<see cref="RowStart"/>, <see cref="RowEnd"/>) by columns [<see cref="ColumnStart"/>, <see cref="ColumnEnd"/>): one thread's share of a product.</summary>
internal readonly record struct GemmBlock(int RowStart, int RowEnd, int ColumnStart, int ColumnEnd);
