namespace SpanNet.Data.Tables;

/// <summary>The limits every table reader and the stored preprocessing enforce, so memory follows the file and its validated shape.</summary>
public static class TableLimits
{
    /// <summary>The default cap on distinct categories in one column; more is an error naming the column.</summary>
    public const int DefaultMaxCategories = 1000;

    /// <summary>The most columns a table may have.</summary>
    public const int MaxColumns = 1 << 16;

    /// <summary>The most distinct whole numbers a numeric label may hold and still be read as classes when no task is given.</summary>
    public const int MaxInferredClasses = 20;

    /// <summary>The most characters of one row (Sep's own buffer limit, 2²⁴); a longer row, or a quote that never closes, is an error.</summary>
    public const int MaxRowCharacters = 1 << 24;

    /// <summary>The most UTF-8 bytes of one column name or category name.</summary>
    public const int MaxNameBytes = 4096;

    /// <summary>The most cells (rows × feature columns) one load may hold: one float32 array.</summary>
    public const long MaxCells = int.MaxValue - 1024;
}
