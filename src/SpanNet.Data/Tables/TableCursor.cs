using System;
using System.Collections.Generic;
using System.IO;

namespace SpanNet.Data.Tables;

/// <summary>
/// One pass over a table's rows, cell by cell, as text: what the row count and the coding pass read, whatever the
/// file format. The cells a row hands out are valid until the next <see cref="MoveNext"/>.
/// </summary>
internal abstract class TableCursor : IDisposable
{
    protected TableCursor(string source) => Source = source;

    /// <summary>The file, as errors name it.</summary>
    public string Source { get; }

    /// <summary>The column names, in file order, unique and non-empty.</summary>
    public abstract IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The current data row, counted from 1 (the header is not a row).</summary>
    public abstract long Row { get; }

    /// <summary>Bytes of the file consumed so far (for progress).</summary>
    public abstract long BytesRead { get; }

    /// <summary>The file's length in bytes.</summary>
    public abstract long TotalBytes { get; }

    /// <summary>Opens <paramref name="path"/> as Parquet when it starts with "PAR1", else as CSV or TSV.</summary>
    /// <exception cref="InvalidDataException">The file is empty, not text, or its header is unusable.</exception>
    public static TableCursor Open(string path)
    {
        Span<byte> head = stackalloc byte[4];
        int read;
        using (FileStream probe = File.OpenRead(path))
        {
            read = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        return head[..read].SequenceEqual("PAR1"u8) ? new ParquetCursor(path) : new CsvCursor(path);
    }

    /// <summary>Moves to the next row with as many cells as the header has columns.</summary>
    /// <returns>False at the end of the file.</returns>
    /// <exception cref="InvalidDataException">The row is ragged, too long, or holds a malformed quote.</exception>
    public abstract bool MoveNext();

    /// <summary>The text of cell <paramref name="column"/> of the current row, unquoted.</summary>
    /// <exception cref="InvalidDataException">The cell's quotes are malformed.</exception>
    public abstract ReadOnlySpan<char> Cell(int column);

    /// <summary>
    /// Cell <paramref name="column"/> of the current row as a finite number, by the rules of
    /// <see cref="TableCells.TryParseNumber"/>; false for anything else (missing, text, ±∞, beyond float32).
    /// </summary>
    /// <exception cref="InvalidDataException">The cell's quotes are malformed.</exception>
    public virtual bool TryNumber(int column, out float value) => TableCells.TryParseNumber(Cell(column), out value);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    /// <summary>Checks header names: none empty, none repeated.</summary>
    protected static string[] CheckHeader(string source, string[] names)
    {
        if (names.Length > TableLimits.MaxColumns)
        {
            throw TableErrors.File(source, $"it has {names.Length} columns; at most {TableLimits.MaxColumns} are read");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                throw TableErrors.File(source, $"header column {i} has no name");
            }

            if (names[i].Length > TableLimits.MaxNameBytes)
            {
                throw TableErrors.File(source, $"header column {i}'s name is {names[i].Length} characters; at most {TableLimits.MaxNameBytes}");
            }

            if (!seen.Add(names[i]))
            {
                throw TableErrors.File(source, $"the header names column '{names[i]}' twice");
            }
        }

        return names;
    }
}
