using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>What the load found in a table: its rows and a summary of every column, in file order.</summary>
public sealed class TableSchema
{
    internal TableSchema(string source, long rows, IReadOnlyList<ColumnSummary> columns)
    {
        Source = source;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The file the schema describes.</summary>
    public string Source { get; }

    /// <summary>Data rows (the header not counted).</summary>
    public long Rows { get; }

    /// <summary>Every column, in file order.</summary>
    public IReadOnlyList<ColumnSummary> Columns { get; }

    /// <summary>The index of the column named <paramref name="name"/> (ordinal, case-sensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
