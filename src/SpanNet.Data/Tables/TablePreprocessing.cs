using System;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Training;

namespace SpanNet.Data.Tables;

/// <summary>
/// What turns a raw table row into network inputs, fitted on the training rows only and stored in the model file (see
/// <see cref="ToBytes"/>), so a model predicts raw rows wherever it goes: each feature column's kind, mean and scale
/// or categories (see <see cref="FeatureColumn"/>), the class names, and for regression the target's mean and scale
/// (the network learns <c>(y − TargetMean) / TargetScale</c>; <see cref="RestoreTarget"/> undoes it).
/// </summary>
/// <remarks>
/// Unseen categories: a categorical cell whose category the training rows never held encodes as all zeros (the
/// column then says nothing), and the readers count such cells (<see cref="TableData.UnseenCategories"/>) so a command
/// can warn; a missing cell in a column whose training rows had none does the same.
/// </remarks>
public sealed partial class TablePreprocessing
{
    private readonly FeatureColumn[] _columns;
    private readonly string[] _classNames;
    private readonly CategoryLookup _classLookup;

    private TablePreprocessing(TableTask task, string labelName, FeatureColumn[] columns, string[] classNames, float targetMean, float targetScale)
    {
        Task = task;
        LabelName = labelName;
        _columns = columns;
        _classNames = classNames;
        _classLookup = new CategoryLookup(classNames);
        TargetMean = targetMean;
        TargetScale = targetScale;
        int width = 0;
        foreach (FeatureColumn column in columns)
        {
            width += column.Width;
        }

        FeatureCount = width;
    }

    /// <summary>Classification or regression.</summary>
    public TableTask Task { get; }

    /// <summary>The label column's name.</summary>
    public string LabelName { get; }

    /// <summary>The input columns, in the order their features appear.</summary>
    public IReadOnlyList<FeatureColumn> Columns => _columns;

    /// <summary>The class names, index by index (empty for regression).</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The training targets' mean (regression; 0 for classification).</summary>
    public float TargetMean { get; }

    /// <summary>The training targets' standard deviation, or 1 when it was 0 (regression; 1 for classification).</summary>
    public float TargetScale { get; }

    /// <summary>Network inputs per row: the sum of the columns' widths.</summary>
    public int FeatureCount { get; }

    /// <summary>Network outputs: one per class, or 1 for regression.</summary>
    public int OutputCount => Task == TableTask.Classification ? _classNames.Length : 1;

    /// <summary>
    /// Fits the preprocessing on the first <paramref name="trainRows"/> rows of <paramref name="data"/> (after
    /// <see cref="TableData.SplitForTest"/>, the training rows) and recodes every row's categories for it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainRows"/> is not 1 to the row count.</exception>
    /// <exception cref="InvalidOperationException">The data was already fitted or encoded, or has no labels.</exception>
    /// <exception cref="System.IO.InvalidDataException">The training rows hold one class only.</exception>
    public static TablePreprocessing Fit(TableData data, int trainRows)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trainRows, data.Rows);
        if (data.CodedFor is not null || data.Consumed || !data.HasLabels)
        {
            throw new InvalidOperationException("Fit takes labelled rows fresh from TableReader.Load.");
        }

        int width = data.Features.Count;
        float[] raw = data.Raw;
        var columns = new FeatureColumn[width];
        int[]?[] slots = new int[]?[width];
        (double[] means, double[] scales) = Moments(raw, width, trainRows);
        for (int f = 0; f < width; f++)
        {
            ColumnSummary summary = data.Features[f];
            if (summary.Kind == ColumnKind.Numeric)
            {
                float scale = (float)scales[f];
                columns[f] = new FeatureColumn(summary.Name, ColumnKind.Numeric, (float)means[f], scale is > 0 and < float.PositiveInfinity ? scale : 1f, [], hasMissingSlot: false);
                continue;
            }

            int[] counts = new int[summary.Categories.Count];
            bool missing = false;
            for (int row = 0; row < trainRows; row++)
            {
                float code = raw[(row * width) + f];
                if (float.IsNaN(code))
                {
                    missing = true;
                }
                else
                {
                    counts[(int)code]++;
                }
            }

            var kept = new List<string>();
            int[] slot = new int[counts.Length];
            for (int c = 0; c < counts.Length; c++)
            {
                slot[c] = counts[c] > 0 ? kept.Count : -1;
                if (counts[c] > 0)
                {
                    kept.Add(summary.Categories[c]);
                }
            }

            slots[f] = slot;
            columns[f] = new FeatureColumn(summary.Name, ColumnKind.Categorical, 0f, 1f, kept, missing);
        }

        long unseen = 0;
        for (int row = 0; row < data.Rows; row++)
        {
            for (int f = 0; f < width; f++)
            {
                if (slots[f] is { } slot)
                {
                    ref float code = ref raw[(row * width) + f];
                    code = float.IsNaN(code) ? (columns[f].HasMissingSlot ? float.NaN : -1f) : slot[(int)code];
                    unseen += code < 0 ? 1 : 0;
                }
            }
        }

        float targetMean = 0f, targetScale = 1f;
        if (data.Task == TableTask.Classification)
        {
            CheckClasses(data, trainRows);
        }
        else
        {
            (double[] mean, double[] scale) = Moments(data.TargetArray, 1, trainRows);
            targetMean = (float)mean[0];
            targetScale = (float)scale[0] is > 0 and < float.PositiveInfinity ? (float)scale[0] : 1f;
        }

        var preprocessing = new TablePreprocessing(data.Task, data.LabelName, columns, [.. data.ClassNames], targetMean, targetScale);
        data.CodedFor = preprocessing;
        data.UnseenCategories = unseen;
        return preprocessing;
    }

    /// <summary>
    /// Encodes every row of <paramref name="data"/> (fitted by, or read for, this preprocessing) into a dataset: the
    /// features, and class labels or standardised targets. When every column is numeric the encoding overwrites the
    /// data's matrix in place and the dataset shares it, so a large table is held once; the data cannot be encoded again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The data was not coded for this preprocessing, has no labels, or was already encoded.</exception>
    public LabeledDataset ToDataset(TableData data)
    {
        CheckCoded(data);
        if (!data.HasLabels)
        {
            throw new InvalidOperationException($"'{data.Source}' was read without labels.");
        }

        float[] features;
        if (FeatureCount == _columns.Length)
        {
            features = data.Raw;
            Encode(features, features, data.Rows);
            data.Consumed = true;
        }
        else
        {
            features = new float[(long)data.Rows * FeatureCount];
            Encode(data.Raw, features, data.Rows);
        }

        if (Task == TableTask.Classification)
        {
            return LabeledDataset.WrapLabels(features, FeatureCount, data.LabelArray, _classNames.Length);
        }

        float[] targets = new float[data.Rows];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = (data.TargetArray[i] - TargetMean) / TargetScale;
        }

        return LabeledDataset.WrapTargets(features, FeatureCount, targets, 1);
    }

    /// <summary>
    /// The numeric part of the encoding as a per-feature map <c>(x − mean)/scale</c>: each numeric column's training mean
    /// and scale, and 0 and 1 for every one-hot slot (which enters as it is). An exported graph applies it to rows
    /// whose numeric columns are raw (missing ones replaced by their mean) and whose categorical columns are one-hot.
    /// </summary>
    /// <returns>Two arrays of <see cref="FeatureCount"/> values.</returns>
    public (float[] Mean, float[] Scale) NumericStandardization()
    {
        float[] mean = new float[FeatureCount], scale = new float[FeatureCount];
        int at = 0;
        foreach (FeatureColumn column in _columns)
        {
            for (int slot = 0; slot < column.Width; slot++, at++)
            {
                bool numeric = column.Kind == ColumnKind.Numeric;
                mean[at] = numeric ? column.Mean : 0f;
                scale[at] = numeric ? column.Scale : 1f;
            }
        }

        return (mean, scale);
    }

    /// <summary>Encodes every row of <paramref name="data"/> into a new [rows, <see cref="FeatureCount"/>] matrix, leaving the data as it is.</summary>
    /// <exception cref="InvalidOperationException">The data was not coded for this preprocessing, or was already encoded.</exception>
    public float[] EncodeFeatures(TableData data)
    {
        CheckCoded(data);
        float[] features = new float[(long)data.Rows * FeatureCount];
        Encode(data.Raw, features, data.Rows);
        return features;
    }

    /// <summary>
    /// Encodes <paramref name="rows"/> rows of codes (one per column, from <see cref="TryCode"/>) into features.
    /// <paramref name="codes"/> and <paramref name="features"/> may be the same memory when every column is numeric.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="rows"/> rows.</exception>
    public void Encode(ReadOnlySpan<float> codes, Span<float> features, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (codes.Length < (long)rows * _columns.Length || features.Length < (long)rows * FeatureCount)
        {
            throw new ArgumentException($"{rows} rows need {(long)rows * _columns.Length} codes and {(long)rows * FeatureCount} features.");
        }

        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> rowCodes = codes.Slice(row * _columns.Length, _columns.Length);
            Span<float> rowFeatures = features.Slice(row * FeatureCount, FeatureCount);
            int at = 0;
            for (int f = 0; f < _columns.Length; f++)
            {
                FeatureColumn column = _columns[f];
                float code = rowCodes[f];
                if (column.Kind == ColumnKind.Numeric)
                {
                    rowFeatures[at++] = float.IsNaN(code) ? 0f : (code - column.Mean) / column.Scale;
                    continue;
                }

                Span<float> slots = rowFeatures.Slice(at, column.Width);
                slots.Clear();
                if (float.IsNaN(code))
                {
                    if (column.HasMissingSlot)
                    {
                        slots[^1] = 1f;
                    }
                }
                else if (code >= 0)
                {
                    slots[(int)code] = 1f;
                }

                at += column.Width;
            }
        }
    }

    /// <summary>
    /// The code of one cell for column <paramref name="feature"/>: a numeric cell's value, a categorical cell's
    /// category index (−1 for one the training rows never held), NaN for a missing cell (−1 instead in a categorical
    /// column that had no missing cells in training).
    /// </summary>
    /// <returns>False when a numeric column's cell is neither missing nor a finite number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="feature"/> is not a column index.</exception>
    public bool TryCode(int feature, ReadOnlySpan<char> cell, out float code)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feature);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feature, _columns.Length);
        FeatureColumn column = _columns[feature];
        if (TableCells.IsMissing(cell))
        {
            code = column.Kind == ColumnKind.Numeric || column.HasMissingSlot ? float.NaN : -1f;
            return true;
        }

        if (column.Kind == ColumnKind.Categorical)
        {
            code = column.IndexOf(cell.Trim());
            return true;
        }

        return TableCells.TryParseNumber(cell, out code);
    }

    /// <summary>The index of the class named by <paramref name="cell"/>; a numeric label may also be written another way ("1.0" for class "1").</summary>
    public bool TryClass(ReadOnlySpan<char> cell, out int classIndex)
    {
        ReadOnlySpan<char> text = cell.Trim();
        classIndex = _classLookup.IndexOf(text);
        if (classIndex >= 0)
        {
            return true;
        }

        Span<char> canonical = stackalloc char[32];
        if (TableCells.TryParseNumber(text, out float value) && value.TryFormat(canonical, out int written, "R", CultureInfo.InvariantCulture))
        {
            classIndex = _classLookup.IndexOf(canonical[..written]);
        }

        return classIndex >= 0;
    }

    /// <summary>A regression output back in the label's units: <c>y = output · TargetScale + TargetMean</c>.</summary>
    public float RestoreTarget(float output) => (output * TargetScale) + TargetMean;

    private void CheckCoded(TableData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!ReferenceEquals(data.CodedFor, this) || data.Consumed)
        {
            throw new InvalidOperationException($"'{data.Source}' was not coded for this preprocessing, or was already encoded in place.");
        }
    }

    private static void CheckClasses(TableData data, int trainRows)
    {
        int first = data.LabelArray[0];
        for (int row = 1; row < trainRows; row++)
        {
            if (data.LabelArray[row] != first)
            {
                return;
            }
        }

        throw TableErrors.Column(data.Source, data.LabelName, $"the training rows hold one class only ('{data.ClassNames[first]}'); a classifier needs at least two");
    }

    /// <summary>
    /// Each column's mean and population standard deviation over the first <paramref name="rows"/> rows of a
    /// [rows, <paramref name="width"/>] matrix, skipping NaN (0 and 1 for a column with none). Two sweeps in row order,
    /// each column summed in row order: one strided pass per column read the whole matrix once per column.
    /// </summary>
    private static (double[] Mean, double[] Scale) Moments(float[] values, int width, int rows)
    {
        double[] sums = new double[width];
        long[] counts = new long[width];
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> cells = values.AsSpan(row * width, width);
            for (int c = 0; c < cells.Length; c++)
            {
                if (!float.IsNaN(cells[c]))
                {
                    sums[c] += cells[c];
                    counts[c]++;
                }
            }
        }

        double[] means = new double[width];
        for (int c = 0; c < width; c++)
        {
            means[c] = counts[c] == 0 ? 0 : sums[c] / counts[c];
        }

        double[] squares = new double[width];
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> cells = values.AsSpan(row * width, width);
            for (int c = 0; c < cells.Length; c++)
            {
                if (!float.IsNaN(cells[c]))
                {
                    double deviation = cells[c] - means[c];
                    squares[c] += deviation * deviation;
                }
            }
        }

        double[] scales = new double[width];
        for (int c = 0; c < width; c++)
        {
            scales[c] = counts[c] == 0 ? 1 : Math.Sqrt(squares[c] / counts[c]);
        }

        return (means, scales);
    }
}
