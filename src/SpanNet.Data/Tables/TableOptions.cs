using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>How to read a table for training: which column is the label, which to leave out or treat as categories.</summary>
public sealed record TableOptions
{
    /// <summary>The label column: its name, or its 0-based index written as digits when no column has that name.</summary>
    public required string Label { get; init; }

    /// <summary>Columns left out of the features (an id, a leak).</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Columns one-hot encoded even though they hold numbers (a zip code, a product id).</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];

    /// <summary>The task, or null to infer it from the label: text or at most <see cref="TableLimits.MaxInferredClasses"/> distinct whole numbers is classification, anything else regression.</summary>
    public TableTask? Task { get; init; }

    /// <summary>The most distinct categories a categorical column (or a classification label) may have.</summary>
    public int MaxCategories { get; init; } = TableLimits.DefaultMaxCategories;

    /// <summary>
    /// Told how far each pass over the file has come, about every 64 Ki rows of each block: when threads read the
    /// table's blocks at once, a call may come from any of them, but never two at a time.
    /// </summary>
    public Action<TableProgress>? Progress { get; init; }
}
