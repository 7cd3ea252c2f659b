using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>What the load found in one column: its kind, its missing values, and its range or its categories.</summary>
public sealed class ColumnSummary
{
    internal ColumnSummary(string name, ColumnKind kind, long missing, double minimum, double maximum, IReadOnlyList<string> categories)
    {
        Name = name;
        Kind = kind;
        Missing = missing;
        Minimum = minimum;
        Maximum = maximum;
        Categories = categories;
    }

    /// <summary>The column's name in the header.</summary>
    public string Name { get; }

    /// <summary>Numeric, or categorical (text, or named by <see cref="TableOptions.Categorical"/>).</summary>
    public ColumnKind Kind { get; }

    /// <summary>Cells that were empty, <c>NA</c>, <c>NaN</c> or <c>null</c>.</summary>
    public long Missing { get; }

    /// <summary>The smallest value of a numeric column (NaN when every cell is missing, or for a categorical column).</summary>
    public double Minimum { get; }

    /// <summary>The largest value of a numeric column (NaN when every cell is missing, or for a categorical column).</summary>
    public double Maximum { get; }

    /// <summary>A categorical column's distinct values in ordinal order; empty for a numeric column.</summary>
    public IReadOnlyList<string> Categories { get; }
}
