using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SpanNet.Threading;

namespace SpanNet.Data.Tables;

/// <summary>
/// Reads CSV, TSV and Parquet tables (told apart by content: Parquet starts with "PAR1") in two streaming passes: the
/// first counts the rows (and checks their width); the second fills one float32 matrix sized from that count while it
/// infers each column's kind, missing values, range or categories and the task. A numeric column is parsed once and
/// keeps no text; a column whose first text comes after numbers is read once more, as text from its first row. Memory
/// is that matrix, the labels, and per column at most <see cref="TableOptions.MaxCategories"/> distinct values.
/// A large CSV or TSV file is cut at row ends into blocks that both passes read on every thread
/// (<see cref="Parallelism.ThreadCount"/>, which <c>SPANNET_NUM_THREADS</c> sets), each block into its own rows of the
/// matrix; the result, and the error a bad table gets (the first in file order), are those of one thread.
/// </summary>
/// <remarks>
/// Every problem with the content is an <see cref="InvalidDataException"/> whose message names the file and, where
/// there is one, the row (data rows count from 1; the header is not a row) and the column: an empty file, a file that
/// is not text, a header with an empty or repeated name, a row with more or fewer fields than the header, a quote that
/// never closes (a row past <see cref="TableLimits.MaxRowCharacters"/>), text in a numeric column, a missing label, a
/// column with more categories than the cap, a label with one class only, a column the options name that does not
/// exist. Missing cells (empty, <c>NA</c>, <c>NaN</c>, <c>null</c>) are not errors in features.
/// </remarks>
public static class TableReader
{
    /// <summary>Rows between two progress reports.</summary>
    internal const int ProgressEvery = 1 << 16;

    /// <summary>Infers the schema of the table at <paramref name="path"/> and reads its rows for training.</summary>
    /// <exception cref="InvalidDataException">The content is unusable (see the remarks).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static TableData Load(string path, TableOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Label, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCategories, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxCategories, TableLimits.MaxColumns, nameof(options));
        return Load(path, options, Parallelism.ThreadCount, TableBlocks.DefaultMinBlockBytes);
    }

    /// <summary>
    /// <see cref="Load(string, TableOptions)"/> on up to <paramref name="threads"/> threads, a CSV or TSV file cut into
    /// blocks of at least <paramref name="minBlockBytes"/> (tests make them small to cut small files).
    /// </summary>
    internal static TableData Load(string path, TableOptions options, int threads, long minBlockBytes)
    {
        string[] names;
        int label;
        HashSet<int> ignored;
        TableBlocks blocks;
        using (TableCursor header = TableCursor.Open(path))
        {
            names = [.. header.ColumnNames];
            label = ResolveLabel(path, names, options.Label);
            ignored = new HashSet<int>(Resolve(path, names, options.Ignore, "--ignore"));
            if (ignored.Contains(label))
            {
                throw TableErrors.Column(path, names[label], "it is the label, so it cannot also be ignored");
            }

            blocks = TableBlocks.Plan(header, threads, minBlockBytes);
        }

        long rowCount = blocks.CountRows(options.Progress);
        if (rowCount == 0)
        {
            throw TableErrors.File(path, "it has a header but no data rows");
        }

        var forced = new HashSet<int>(Resolve(path, names, options.Categorical, "--categorical"));
        var featureIndices = new List<int>();
        for (int c = 0; c < names.Length; c++)
        {
            if (c != label && !ignored.Contains(c))
            {
                featureIndices.Add(c);
            }
        }

        if (rowCount * featureIndices.Count > TableLimits.MaxCells)
        {
            throw TableErrors.File(path, $"its {rowCount} rows × {featureIndices.Count} features exceed the {TableLimits.MaxCells} cells one load holds");
        }

        // One float32 matrix sized from the counted rows, filled in one pass that also infers the schema. A column whose
        // first text follows numbers lost those numbers' texts (numeric columns keep none, which is what makes them
        // cheap), so the pass runs once more with such columns coded as text from their first row.
        int rows = (int)rowCount;
        var reading = new CodeReading(blocks, names, [.. featureIndices], label, options, forced);
        reading.Read();
        if (reading.ColumnsWithLostTexts() is { Count: > 0 } lost)
        {
            var textColumns = new HashSet<int>(forced);
            textColumns.UnionWith(lost);
            reading = new CodeReading(blocks, names, [.. featureIndices], label, options, textColumns);
            reading.Read();
            if (reading.ColumnsWithLostTexts().Count > 0)
            {
                throw TableErrors.File(path, "it changed while it was read");
            }
        }

        if (reading.FirstMissingLabel > 0)
        {
            throw TableErrors.Cell(path, reading.FirstMissingLabel, names[label], "the label is missing; every training row needs one");
        }

        ColumnScan labelScan = reading.LabelScan;
        (TableTask task, string[] classNames) = InferTask(path, labelScan, forced.Contains(label), options);

        int width = featureIndices.Count;
        var features = new List<ColumnSummary>(width);
        var kept = new List<ColumnSummary>(width + 1);
        for (int f = 0, c = 0; c < names.Length; c++)
        {
            if (c == label)
            {
                kept.Add(Summarize(path, labelScan, forced.Contains(c) || !labelScan.AllNumbers, isLabel: true, options.MaxCategories, out _));
                continue;
            }

            if (ignored.Contains(c))
            {
                continue;
            }

            ColumnScan scan = reading.FeatureScans[f];
            ColumnSummary summary = Summarize(path, scan, forced.Contains(c) || !scan.AllNumbers, isLabel: false, options.MaxCategories, out int[]? positionOfCode);
            if (positionOfCode is not null)
            {
                RecodeCategories(reading.Raw, f, width, positionOfCode);
            }

            features.Add(summary);
            kept.Add(summary);
            f++;
        }

        if (features.Count == 0)
        {
            throw TableErrors.File(path, $"it has no feature column besides the label '{names[label]}'");
        }

        int[] labels = [];
        float[] targets = [];
        if (task == TableTask.Regression)
        {
            targets = reading.LabelCodes;
        }
        else
        {
            labels = ClassIndices(labelScan, reading.LabelCodes, classNames, labelScan.AllNumbers && !forced.Contains(label));
        }

        var schema = new TableSchema(path, rowCount, kept);
        return new TableData(path, schema, features, names[label], task, classNames, rows, reading.Raw, labels, targets);
    }

    /// <summary>
    /// Reads the table at <paramref name="path"/> against a model's stored preprocessing: its feature columns matched
    /// by name in any order (others are ignored), numbers parsed, categories looked up (an unseen one is counted and
    /// encoded as all zeros), and the label read when <paramref name="withLabels"/> is set.
    /// </summary>
    /// <param name="path">The table.</param>
    /// <param name="preprocessing">The model's preprocessing.</param>
    /// <param name="withLabels">Whether the label column must be present and read.</param>
    /// <param name="idColumn">A column whose text is kept per row (for a predictions file), or null.</param>
    /// <param name="progress">Told how far the passes have come, or null.</param>
    /// <returns>The rows, coded for <paramref name="preprocessing"/>.</returns>
    /// <exception cref="InvalidDataException">A column is missing, a numeric cell holds text, a label is unknown, or the content is otherwise unusable.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TableData LoadForModel(string path, TablePreprocessing preprocessing, bool withLabels, string? idColumn = null, Action<TableProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(preprocessing);
        long rowCount;
        using (TableCursor counter = TableCursor.Open(path))
        {
            while (counter.MoveNext())
            {
                Report(progress, 1, counter);
            }

            rowCount = counter.Row;
        }

        IReadOnlyList<FeatureColumn> columns = preprocessing.Columns;
        if (rowCount * columns.Count > TableLimits.MaxCells)
        {
            throw TableErrors.File(path, $"its {rowCount} rows × {columns.Count} features exceed the {TableLimits.MaxCells} cells one load holds");
        }

        using TableCursor cursor = TableCursor.Open(path);
        var names = new List<string>(cursor.ColumnNames);
        int[] at = new int[columns.Count];
        bool[] numeric = new bool[columns.Count];
        for (int f = 0; f < columns.Count; f++)
        {
            numeric[f] = columns[f].Kind == ColumnKind.Numeric;
            at[f] = names.IndexOf(columns[f].Name);
            if (at[f] < 0)
            {
                throw TableErrors.File(path, $"it has no column '{columns[f].Name}', which the model reads (its columns: {string.Join(", ", names)})");
            }
        }

        int labelAt = names.IndexOf(preprocessing.LabelName);
        if (withLabels && labelAt < 0)
        {
            throw TableErrors.File(path, $"it has no label column '{preprocessing.LabelName}', which evaluating the model needs");
        }

        int idAt = -1;
        if (idColumn is not null && (idAt = names.IndexOf(idColumn)) < 0)
        {
            throw TableErrors.File(path, $"it has no id column '{idColumn}'");
        }

        int rows = (int)rowCount;
        float[] raw = new float[rows * columns.Count];
        bool classify = preprocessing.Task == TableTask.Classification;
        int[] labels = withLabels && classify ? new int[rows] : [];
        float[] targets = withLabels && !classify ? new float[rows] : [];
        string[]? ids = idAt >= 0 ? new string[rows] : null;
        long unseen = 0;
        int row = 0;
        while (cursor.MoveNext())
        {
            if (row == rows)
            {
                throw TableErrors.File(path, "it grew while it was read");
            }

            Span<float> codes = raw.AsSpan(row * columns.Count, columns.Count);
            for (int f = 0; f < columns.Count; f++)
            {
                if (numeric[f] && cursor.TryNumber(at[f], out codes[f]))
                {
                    continue;
                }

                ReadOnlySpan<char> cell = cursor.Cell(at[f]);
                if (!preprocessing.TryCode(f, cell, out codes[f]))
                {
                    throw TableErrors.Cell(path, cursor.Row, columns[f].Name, $"{TableCells.Quote(cell)} is not a number, and the model reads this column as numeric");
                }

                // Only a categorical code below 0 is an unseen category; a numeric column's negative values are just values.
                unseen += !numeric[f] && codes[f] < 0 ? 1 : 0;
            }

            if (withLabels)
            {
                ReadOnlySpan<char> cell = cursor.Cell(labelAt);
                if (classify)
                {
                    if (!preprocessing.TryClass(cell, out labels[row]))
                    {
                        throw TableErrors.Cell(path, cursor.Row, preprocessing.LabelName, $"{TableCells.Quote(cell)} is not one of the model's classes ({string.Join(", ", preprocessing.ClassNames)})");
                    }
                }
                else if (!TableCells.TryParseNumber(cell, out targets[row]))
                {
                    throw TableErrors.Cell(path, cursor.Row, preprocessing.LabelName, $"{TableCells.Quote(cell)} is not a number; a regression label must be");
                }
            }

            if (ids is not null)
            {
                ids[row] = cursor.Cell(idAt).ToString();
            }

            row++;
            Report(progress, 2, cursor);
        }

        if (row != rows)
        {
            throw TableErrors.File(path, "it shrank while it was read");
        }

        var summaries = new ColumnSummary[columns.Count];
        for (int f = 0; f < columns.Count; f++)
        {
            summaries[f] = new ColumnSummary(columns[f].Name, columns[f].Kind, 0, double.NaN, double.NaN, columns[f].Categories);
        }

        return new TableData(path, null, summaries, preprocessing.LabelName, preprocessing.Task, preprocessing.ClassNames, rows, raw, labels, targets)
        {
            Ids = ids,
            UnseenCategories = unseen,
            CodedFor = preprocessing,
        };
    }

    private static void Report(Action<TableProgress>? progress, int pass, TableCursor cursor)
    {
        if (progress is not null && cursor.Row % ProgressEvery == 0)
        {
            progress(new TableProgress(pass, cursor.BytesRead, cursor.TotalBytes));
        }
    }

    private static int ResolveLabel(string path, string[] names, string label)
    {
        int index = Array.IndexOf(names, label);
        if (index >= 0)
        {
            return index;
        }

        if (int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < names.Length)
        {
            return index;
        }

        throw TableErrors.File(path, $"it has no label column '{label}' (its columns: {string.Join(", ", names)}; a 0-based index must be below {names.Length})");
    }

    private static IEnumerable<int> Resolve(string path, string[] names, IReadOnlyList<string> wanted, string option)
    {
        foreach (string name in wanted)
        {
            int index = Array.IndexOf(names, name);
            if (index < 0)
            {
                throw TableErrors.File(path, $"it has no column '{name}', which {option} names (its columns: {string.Join(", ", names)})");
            }

            yield return index;
        }
    }

    /// <summary>A column's summary; for a categorical column also where each text code goes among the sorted categories.</summary>
    private static ColumnSummary Summarize(string path, ColumnScan scan, bool categorical, bool isLabel, int cap, out int[]? positionOfCode)
    {
        positionOfCode = null;
        if (!categorical)
        {
            bool any = scan.Present > 0;
            return new ColumnSummary(scan.Name, ColumnKind.Numeric, scan.Missing, any ? scan.Minimum : double.NaN, any ? scan.Maximum : double.NaN, []);
        }

        if (scan.TooManyTexts && !isLabel)
        {
            string hint = scan.AllNumbers ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (row {scan.FirstTextRow} holds {scan.FirstText}, which is not a number; if the column is numeric, fix that cell)");
            throw TableErrors.Column(path, scan.Name, $"it has more than {cap:N0} distinct values for a categorical column{hint}; name it in --ignore, or raise the category cap");
        }

        return new ColumnSummary(scan.Name, ColumnKind.Categorical, scan.Missing, double.NaN, double.NaN, scan.TooManyTexts ? [] : scan.SortedTexts(out positionOfCode));
    }

    private static (TableTask Task, string[] ClassNames) InferTask(string path, ColumnScan label, bool forcedCategorical, TableOptions options)
    {
        bool numeric = label.AllNumbers && !forcedCategorical;
        TableTask task = options.Task ?? (numeric && !(label.AllIntegral && label.DistinctNumbers <= TableLimits.MaxInferredClasses)
            ? TableTask.Regression
            : TableTask.Classification);
        if (task == TableTask.Regression)
        {
            if (!numeric)
            {
                throw TableErrors.Cell(path, label.FirstTextRow, label.Name, $"{label.FirstText} is not a number, and regression needs a numeric label");
            }

            return (task, []);
        }

        string[] classes;
        if (numeric)
        {
            if (label.TooManyNumbers)
            {
                throw TableErrors.Column(path, label.Name, $"the label has more than {options.MaxCategories:N0} distinct values, too many classes; is it a regression (--task regression)?");
            }

            double[] values = label.SortedNumbers();
            classes = new string[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                classes[i] = ((float)values[i]).ToString("R", CultureInfo.InvariantCulture);
            }
        }
        else
        {
            if (label.TooManyTexts)
            {
                throw TableErrors.Column(path, label.Name, $"the label has more than {options.MaxCategories:N0} distinct values, too many classes");
            }

            classes = label.SortedTexts(out _);
        }

        if (classes.Length < 2)
        {
            throw TableErrors.Column(path, label.Name, $"the label holds one class only ({string.Join(", ", classes)}); a classifier needs at least two");
        }

        return (task, classes);
    }

    /// <summary>Column <paramref name="feature"/>'s text codes (order of first appearance) replaced by category indices (ordinal order).</summary>
    private static void RecodeCategories(float[] raw, int feature, int width, int[] positionOfCode)
    {
        for (int at = feature; at < raw.Length; at += width)
        {
            float code = raw[at];
            raw[at] = float.IsNaN(code) ? code : positionOfCode[(int)code];
        }
    }

    /// <summary>Each row's class index: a text label's code mapped to its class, a numeric label's value to the class of that value.</summary>
    private static int[] ClassIndices(ColumnScan labelScan, float[] labelCodes, string[] classNames, bool numericLabel)
    {
        int[] labels = new int[labelCodes.Length];
        if (numericLabel)
        {
            var classOfValue = new Dictionary<float, int>(classNames.Length);
            for (int i = 0; i < classNames.Length; i++)
            {
                classOfValue[float.Parse(classNames[i], CultureInfo.InvariantCulture)] = i;
            }

            for (int row = 0; row < labels.Length; row++)
            {
                labels[row] = classOfValue[labelCodes[row]];
            }

            return labels;
        }

        labelScan.SortedTexts(out int[] positionOfCode);
        for (int row = 0; row < labels.Length; row++)
        {
            labels[row] = positionOfCode[(int)labelCodes[row]];
        }

        return labels;
    }
}
