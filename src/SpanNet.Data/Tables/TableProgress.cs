namespace SpanNet.Data.Tables;

/// <summary>How far a table load has come: which pass over the file, and the bytes read of it.</summary>
/// <param name="Pass">1 while the rows are counted, 2 while they are parsed into the matrix (and, for training, the schema inferred).</param>
/// <param name="BytesRead">Bytes of the file consumed so far in this pass.</param>
/// <param name="TotalBytes">The file's length in bytes.</param>
public readonly record struct TableProgress(int Pass, long BytesRead, long TotalBytes);
