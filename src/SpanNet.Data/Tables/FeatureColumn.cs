using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>
/// One input column as the fitted preprocessing encodes it. A numeric column becomes one feature,
/// <c>(x − Mean) / Scale</c>, with a missing value taking the mean (so 0). A categorical column becomes
/// <see cref="Width"/> features, one-hot over <see cref="Categories"/> plus, when the training rows had missing
/// cells, one more slot for "missing"; a category the training rows never held is all zeros.
/// </summary>
public sealed class FeatureColumn
{
    private readonly CategoryLookup? _lookup;

    internal FeatureColumn(string name, ColumnKind kind, float mean, float scale, IReadOnlyList<string> categories, bool hasMissingSlot)
    {
        Name = name;
        Kind = kind;
        Mean = mean;
        Scale = scale;
        Categories = categories;
        HasMissingSlot = hasMissingSlot;
        _lookup = kind == ColumnKind.Categorical ? new CategoryLookup(categories) : null;
    }

    /// <summary>The column's name, matched against a table's header.</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The training rows' mean (numeric; 0 for categorical).</summary>
    public float Mean { get; }

    /// <summary>The training rows' standard deviation, or 1 when it was 0 or unknown (numeric; 1 for categorical).</summary>
    public float Scale { get; }

    /// <summary>The categories of the training rows, ordinal order (empty for numeric).</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Whether a categorical column has a slot for missing cells.</summary>
    public bool HasMissingSlot { get; }

    /// <summary>Features this column becomes: 1, or the categories plus the missing slot.</summary>
    public int Width => Kind == ColumnKind.Numeric ? 1 : Categories.Count + (HasMissingSlot ? 1 : 0);

    /// <summary>The index of a category, or -1 for one the training rows never held.</summary>
    internal int IndexOf(ReadOnlySpan<char> category) => _lookup!.IndexOf(category);
}
