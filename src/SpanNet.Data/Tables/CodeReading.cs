using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;

namespace SpanNet.Data.Tables;

/// <summary>
/// The training load's coding pass: every feature cell coded into a float32 matrix sized from the counted rows (a
/// number as its value, a text as its index in order of first appearance, a missing cell as NaN), every label cell
/// into one more float per row, and each column tallied (see <see cref="ColumnScan"/>). The blocks of the table are
/// coded at once, each into its own rows with its own tallies (<see cref="BlockCoding"/>); the tallies are then
/// appended in file order and each block's text codes renumbered to the whole table's order of first appearance, so
/// the matrix and the tallies are those of one pass over the rows, whatever the blocks.
/// </summary>
internal sealed class CodeReading
{
    private readonly TableBlocks _blocks;
    private readonly string[] _names;
    private readonly int[] _featureIndices;
    private readonly int _label;
    private readonly int _cap;
    private readonly IReadOnlySet<int> _textColumns;
    private readonly Action<TableProgress>? _progress;

    /// <param name="blocks">The table's blocks, counted.</param>
    /// <param name="names">Its column names.</param>
    /// <param name="featureIndices">The file columns that are features, in matrix order.</param>
    /// <param name="label">The label's file column.</param>
    /// <param name="options">The cap on categories, and the progress callback.</param>
    /// <param name="textColumns">File columns coded as text from the first row.</param>
    public CodeReading(TableBlocks blocks, string[] names, int[] featureIndices, int label, TableOptions options, IReadOnlySet<int> textColumns)
    {
        _blocks = blocks;
        _names = names;
        _featureIndices = featureIndices;
        _label = label;
        _cap = options.MaxCategories;
        _textColumns = textColumns;
        _progress = options.Progress;
        FeatureScans = new ColumnScan[featureIndices.Length];
        LabelScan = NewScan(label, countsNumbers: true);
        Raw = new float[blocks.Rows * featureIndices.Length];
        LabelCodes = new float[blocks.Rows];
    }

    /// <summary>[rows, features] codes.</summary>
    public float[] Raw { get; }

    /// <summary>One code per row for the label.</summary>
    public float[] LabelCodes { get; }

    /// <summary>The feature columns' tallies, in matrix order (after <see cref="Read"/>).</summary>
    public ColumnScan[] FeatureScans { get; }

    public ColumnScan LabelScan { get; private set; }

    /// <summary>The first row whose label is missing, or 0.</summary>
    public long FirstMissingLabel { get; private set; }

    /// <exception cref="System.IO.InvalidDataException">A row is malformed, or the row count changed since it was counted.</exception>
    public void Read()
    {
        var parts = new BlockCoding[_blocks.Count];
        for (int block = 0; block < parts.Length; block++)
        {
            parts[block] = new BlockCoding(_names, _featureIndices, _label, _cap, _textColumns);
        }

        var progress = new LoadProgress(_progress, 2, _blocks.TotalBytes, parts.Length);
        (_, Exception? failure) = _blocks.Run(block =>
        {
            using TableCursor cursor = _blocks.Open(block, _blocks.FirstRow(block));
            parts[block].Read(cursor, Raw, LabelCodes, _blocks.FirstRow(block), _blocks.RowCount(block), bytes => progress.Report(block, bytes));
        });
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        progress.Finish();
        for (int f = 0; f < FeatureScans.Length; f++)
        {
            FeatureScans[f] = Append(parts, _featureIndices[f], countsNumbers: false, block => block.FeatureScans[f], Raw, f, FeatureScans.Length);
        }

        LabelScan = Append(parts, _label, countsNumbers: true, block => block.LabelScan, LabelCodes, 0, 1);
        foreach (BlockCoding part in parts)
        {
            if (part.FirstMissingLabel > 0)
            {
                FirstMissingLabel = part.FirstMissingLabel;
                break;
            }
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

    private ColumnScan NewScan(int column, bool countsNumbers) => new(_names[column], _cap, _textColumns.Contains(column), countsNumbers);

    /// <summary>
    /// One column's block tallies appended in file order, and its text codes in <paramref name="codes"/> (every
    /// <paramref name="stride"/>-th float from <paramref name="offset"/>, row by row) renumbered from each block's order
    /// of first appearance to the table's. Nothing is renumbered when the column must be read again as text.
    /// </summary>
    private ColumnScan Append(BlockCoding[] parts, int column, bool countsNumbers, Func<BlockCoding, ColumnScan> scanOf, float[] codes, int offset, int stride)
    {
        ColumnScan whole = NewScan(column, countsNumbers);
        var renumbering = new int[parts.Length][];
        for (int block = 0; block < parts.Length; block++)
        {
            renumbering[block] = whole.Append(scanOf(parts[block]));
        }

        if (!whole.CodesTexts || whole.LostTexts)
        {
            return whole;
        }

        for (int block = 0; block < parts.Length; block++)
        {
            int[] codeOf = renumbering[block];
            if (IsIdentity(codeOf))
            {
                continue;
            }

            long end = (long)(_blocks.FirstRow(block) + _blocks.RowCount(block)) * stride;
            for (long at = ((long)_blocks.FirstRow(block) * stride) + offset; at < end; at += stride)
            {
                float code = codes[at];
                codes[at] = float.IsNaN(code) || code < 0 ? code : codeOf[(int)code];
            }
        }

        return whole;
    }

    private static bool IsIdentity(int[] codeOf)
    {
        for (int i = 0; i < codeOf.Length; i++)
        {
            if (codeOf[i] != i)
            {
                return false;
            }
        }

        return true;
    }
}
