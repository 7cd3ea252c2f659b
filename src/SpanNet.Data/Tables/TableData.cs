using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>
/// A table read into one float32 matrix of raw codes, one column per feature, before any preprocessing: a numeric
/// cell is its value, a categorical cell the index of its category, a missing cell NaN; the label is a class index or
/// a target value. <see cref="TablePreprocessing.Fit"/> learns from the training rows and recodes the categories in
/// place; <see cref="TablePreprocessing.ToDataset"/> then encodes the rows (in place when every feature is numeric, so
/// a large table is held once).
/// </summary>
public sealed class TableData
{
    internal TableData(
        string source,
        TableSchema? schema,
        IReadOnlyList<ColumnSummary> features,
        string labelName,
        TableTask task,
        IReadOnlyList<string> classNames,
        int rows,
        float[] raw,
        int[] labels,
        float[] targets)
    {
        Source = source;
        Schema = schema;
        Features = features;
        LabelName = labelName;
        Task = task;
        ClassNames = classNames;
        Rows = rows;
        Raw = raw;
        LabelArray = labels;
        TargetArray = targets;
    }

    /// <summary>The file the rows came from.</summary>
    public string Source { get; }

    /// <summary>What the load found (null for rows read against a model's stored preprocessing, which has its own).</summary>
    public TableSchema? Schema { get; }

    /// <summary>The feature columns, in the order of the matrix's columns.</summary>
    public IReadOnlyList<ColumnSummary> Features { get; }

    /// <summary>The label column's name.</summary>
    public string LabelName { get; }

    /// <summary>Classification or regression.</summary>
    public TableTask Task { get; }

    /// <summary>The class names, index by index (empty for regression).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Data rows.</summary>
    public int Rows { get; }

    /// <summary>Whether each row has a label (false for a file read only to predict).</summary>
    public bool HasLabels => LabelArray.Length == Rows || TargetArray.Length == Rows;

    /// <summary>One class index per row (classification with labels), else empty.</summary>
    public ReadOnlySpan<int> Labels => LabelArray;

    /// <summary>One target value per row, as in the file (regression with labels), else empty.</summary>
    public ReadOnlySpan<float> Targets => TargetArray;

    /// <summary>Each row's value of the id column asked for when reading for a model, else null.</summary>
    public IReadOnlyList<string>? Ids { get; internal init; }

    /// <summary>Categorical cells whose category the training rows never held (encoded as all zeros; see <see cref="TablePreprocessing"/>).</summary>
    public long UnseenCategories { get; internal set; }

    /// <summary>[Rows, Features.Count] raw codes, or the encoded features once encoded in place.</summary>
    internal float[] Raw { get; set; }

    internal int[] LabelArray { get; }

    internal float[] TargetArray { get; }

    /// <summary>The preprocessing whose category indices the raw codes hold, once fitted or read against one.</summary>
    internal TablePreprocessing? CodedFor { get; set; }

    /// <summary>Set once the rows were encoded in place: the raw codes are gone.</summary>
    internal bool Consumed { get; set; }

    /// <summary>
    /// Reorders the rows so that the last ones (a <paramref name="testFraction"/> share, rounded, at least 1) are a
    /// seeded random test set, stratified by class for classification (each class gives its share, at least one row
    /// when it has two or more), and returns the number of training rows before them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="InvalidOperationException">The rows were already fitted or encoded.</exception>
    /// <exception cref="System.IO.InvalidDataException">The split would leave no training or no test row.</exception>
    public int SplitForTest(double testFraction, int seed)
    {
        if (!(testFraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        }

        if (CodedFor is not null || Consumed)
        {
            throw new InvalidOperationException("Split the rows before fitting the preprocessing.");
        }

        int[] order = TableSplit.Order(this, testFraction, seed, out int trainRows);
        TableSplit.Permute(this, order);
        return trainRows;
    }
}
