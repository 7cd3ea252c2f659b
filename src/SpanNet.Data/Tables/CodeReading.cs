using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>
/// The training load's one pass over the rows: every feature cell coded into a float32 matrix sized from the counted
/// rows (a number as its value, a text as its index in order of first appearance, a missing cell as NaN), every label
/// cell into one more float per row, and each column tallied as it goes (see <see cref="ColumnScan"/>).
/// </summary>
internal sealed class CodeReading
{
    private readonly string _path;
    private readonly int[] _featureIndices;
    private readonly int _label;
    private readonly int _rows;
    private readonly Action<TableProgress>? _progress;

    /// <param name="path">The table.</param>
    /// <param name="names">Its column names.</param>
    /// <param name="featureIndices">The file columns that are features, in matrix order.</param>
    /// <param name="label">The label's file column.</param>
    /// <param name="options">The cap on categories, and the progress callback.</param>
    /// <param name="rows">The rows counted before; a different count now is an error.</param>
    /// <param name="textColumns">File columns coded as text from the first row.</param>
    public CodeReading(string path, string[] names, int[] featureIndices, int label, TableOptions options, int rows, IReadOnlySet<int> textColumns)
    {
        _path = path;
        _featureIndices = featureIndices;
        _label = label;
        _rows = rows;
        _progress = options.Progress;
        FeatureScans = new ColumnScan[featureIndices.Length];
        for (int f = 0; f < featureIndices.Length; f++)
        {
            int column = featureIndices[f];
            FeatureScans[f] = new ColumnScan(names[column], options.MaxCategories, textColumns.Contains(column), countsNumbers: false);
        }

        LabelScan = new ColumnScan(names[label], options.MaxCategories, textColumns.Contains(label), countsNumbers: true);
        Raw = new float[(long)rows * featureIndices.Length];
        LabelCodes = new float[rows];
    }

    /// <summary>[rows, features] codes.</summary>
    public float[] Raw { get; }

    /// <summary>One code per row for the label.</summary>
    public float[] LabelCodes { get; }

    /// <summary>The feature columns' tallies, in matrix order.</summary>
    public ColumnScan[] FeatureScans { get; }

    public ColumnScan LabelScan { get; }

    /// <summary>The first row whose label is missing, or 0.</summary>
    public long FirstMissingLabel { get; private set; }

    /// <exception cref="System.IO.InvalidDataException">A row is malformed, or the row count changed since it was counted.</exception>
    public void Read()
    {
        int width = _featureIndices.Length;
        using TableCursor cursor = TableCursor.Open(_path);
        int row = 0;
        while (cursor.MoveNext())
        {
            if (row == _rows)
            {
                throw TableErrors.File(_path, "it grew while it was read");
            }

            Span<float> codes = Raw.AsSpan(row * width, width);
            for (int f = 0; f < codes.Length; f++)
            {
                codes[f] = Code(cursor, _featureIndices[f], FeatureScans[f]);
            }

            float label = Code(cursor, _label, LabelScan);
            LabelCodes[row] = label;
            if (float.IsNaN(label) && FirstMissingLabel == 0)
            {
                FirstMissingLabel = cursor.Row;
            }

            row++;
            if (_progress is not null && cursor.Row % TableReader.ProgressEvery == 0)
            {
                _progress(new TableProgress(2, cursor.BytesRead, cursor.TotalBytes));
            }
        }

        _progress?.Invoke(new TableProgress(2, cursor.TotalBytes, cursor.TotalBytes));
        if (row != _rows)
        {
            throw TableErrors.File(_path, "it shrank while it was read");
        }
    }

    /// <summary>The file columns that met text after numbers whose texts were not kept (see <see cref="ColumnScan.LostTexts"/>).</summary>
    public List<int> ColumnsWithLostTexts()
    {
        var lost = new List<int>();
        for (int f = 0; f < FeatureScans.Length; f++)
        {
            if (FeatureScans[f].LostTexts)
            {
                lost.Add(_featureIndices[f]);
            }
        }

        if (LabelScan.LostTexts)
        {
            lost.Add(_label);
        }

        return lost;
    }

    /// <summary>A numeric column's cell through the cursor's number parser first; anything else as text.</summary>
    private static float Code(TableCursor cursor, int column, ColumnScan scan)
    {
        if (!scan.CodesTexts && cursor.TryNumber(column, out float value))
        {
            return scan.AddNumber(value);
        }

        ReadOnlySpan<char> cell = cursor.Cell(column);
        return TableCells.IsMissing(cell) ? scan.AddMissing() : scan.AddText(cell, cursor.Row);
    }
}
