using System;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>
/// The schema pass's tally for one column: missing cells, whether every other cell is a number (and the first that is
/// not), the range, the distinct text values up to the cap, and the distinct numbers up to the cap. Once a tally
/// passes its cap it stops growing, so memory stays bounded whatever the column holds.
/// </summary>
internal sealed class ColumnScan
{
    private readonly int _cap;
    private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _textLookup;
    private readonly HashSet<double> _numbers = [];

    public ColumnScan(string name, int cap)
    {
        Name = name;
        _cap = cap;
        _textLookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    public long Missing { get; private set; }

    public long Present { get; private set; }

    public bool AllNumbers { get; private set; } = true;

    public bool AllIntegral { get; private set; } = true;

    /// <summary>The first cell that is not a number, and its row (0 when every cell is a number).</summary>
    public long FirstTextRow { get; private set; }

    public string FirstText { get; private set; } = string.Empty;

    public double Minimum { get; private set; } = double.PositiveInfinity;

    public double Maximum { get; private set; } = double.NegativeInfinity;

    /// <summary>Whether more distinct text values than the cap were seen (the tally stopped at cap + 1).</summary>
    public bool TooManyTexts => _texts.Count > _cap;

    /// <summary>Whether more distinct numbers than the cap were seen.</summary>
    public bool TooManyNumbers => _numbers.Count > _cap;

    public int DistinctNumbers => _numbers.Count;

    public void Add(ReadOnlySpan<char> cell, long row)
    {
        if (TableCells.IsMissing(cell))
        {
            Missing++;
            return;
        }

        Present++;
        ReadOnlySpan<char> text = cell.Trim();
        if (_texts.Count <= _cap && !_textLookup.ContainsKey(text))
        {
            _textLookup[text] = 0;
        }

        if (!AllNumbers)
        {
            return;
        }

        if (!TableCells.TryParseNumber(text, out float value))
        {
            AllNumbers = false;
            FirstTextRow = row;
            FirstText = TableCells.Quote(text);
            return;
        }

        Minimum = Math.Min(Minimum, value);
        Maximum = Math.Max(Maximum, value);
        AllIntegral &= value == MathF.Round(value);
        if (_numbers.Count <= _cap)
        {
            _numbers.Add(value);
        }
    }

    /// <summary>The distinct text values, ordinal order.</summary>
    public string[] SortedTexts()
    {
        string[] texts = [.. _texts.Keys];
        Array.Sort(texts, StringComparer.Ordinal);
        return texts;
    }

    /// <summary>The distinct numbers, ascending.</summary>
    public double[] SortedNumbers()
    {
        double[] numbers = [.. _numbers];
        Array.Sort(numbers);
        return numbers;
    }
}
