using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>
/// One block's share of the coding pass: its rows' feature cells coded into their rows of the shared float32 matrix
/// (a number as its value, a text as its index in the block's order of first appearance, a missing cell as NaN), its
/// label cells into their floats, and each column tallied for the block alone (see <see cref="ColumnScan"/>).
/// </summary>
internal sealed class BlockCoding
{
    private readonly int[] _featureIndices;
    private readonly int _label;

    /// <param name="names">The table's column names.</param>
    /// <param name="featureIndices">The file columns that are features, in matrix order.</param>
    /// <param name="label">The label's file column.</param>
    /// <param name="cap">The most distinct values a tally keeps.</param>
    /// <param name="textColumns">File columns coded as text from the first row.</param>
    public BlockCoding(string[] names, int[] featureIndices, int label, int cap, IReadOnlySet<int> textColumns)
    {
        _featureIndices = featureIndices;
        _label = label;
        FeatureScans = new ColumnScan[featureIndices.Length];
        for (int f = 0; f < featureIndices.Length; f++)
        {
            int column = featureIndices[f];
            FeatureScans[f] = new ColumnScan(names[column], cap, textColumns.Contains(column), countsNumbers: false);
        }

        LabelScan = new ColumnScan(names[label], cap, textColumns.Contains(label), countsNumbers: true);
    }

    /// <summary>The block's feature tallies, in matrix order.</summary>
    public ColumnScan[] FeatureScans { get; }

    public ColumnScan LabelScan { get; }

    /// <summary>The block's first row (in the file) whose label is missing, or 0.</summary>
    public long FirstMissingLabel { get; private set; }

    /// <summary>Codes the <paramref name="rows"/> rows of <paramref name="cursor"/> into rows <paramref name="firstRow"/> onwards.</summary>
    /// <exception cref="System.IO.InvalidDataException">A row is malformed, or the block's row count changed since it was counted.</exception>
    // Optimised from the first call: tiered PGO's instrumented code, which both threads of a parallel load run at once, shares its counters between cores (a JIT build's data step took 1.5 times the CPU on two threads).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Read(TableCursor cursor, float[] raw, float[] labelCodes, int firstRow, int rows, Action<long> progress)
    {
        int width = _featureIndices.Length;
        int row = 0;
        while (cursor.MoveNext())
        {
            if (row == rows)
            {
                throw TableErrors.File(cursor.Source, "it grew while it was read");
            }

            Span<float> codes = raw.AsSpan((firstRow + row) * width, width);
            for (int f = 0; f < codes.Length; f++)
            {
                codes[f] = Code(cursor, _featureIndices[f], FeatureScans[f]);
            }

            float label = Code(cursor, _label, LabelScan);
            labelCodes[firstRow + row] = label;
            if (float.IsNaN(label) && FirstMissingLabel == 0)
            {
                FirstMissingLabel = cursor.Row;
            }

            row++;
            if (cursor.Row % TableReader.ProgressEvery == 0)
            {
                progress(cursor.BytesRead);
            }
        }

        if (row != rows)
        {
            throw TableErrors.File(cursor.Source, "it shrank while it was read");
        }
    }

    /// <summary>A numeric column's cell through the cursor's number parser first; anything else as text.</summary>
    // Optimised from the first call, as Read is.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
