using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace SpanNet.Data.Tables;

/// <summary>
/// The load's tally for one column while its cells are coded: missing cells, whether every other cell is a number (and
/// the first that is not), the range, the distinct text values up to the cap, and (for the label only) the distinct
/// numbers up to the cap. Once a tally passes its cap it stops growing, so memory stays bounded whatever the column
/// holds.
/// </summary>
/// <remarks>
/// A column starts numeric unless it is named categorical: its cells are coded as their values and no text is kept,
/// which is what makes a numeric column cheap. Its first text cell turns it into a text column whose cells are coded
/// as the index of their text in order of first appearance (<see cref="SortedTexts"/> maps those to category indices).
/// When numbers came before that first text, their texts were never kept (<see cref="LostTexts"/>) and the load reads
/// the file again with this column coded as text from its first row.
/// </remarks>
internal sealed class ColumnScan
{
    private readonly int _cap;
    private readonly bool _countsNumbers;
    private readonly Dictionary<string, int> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _textLookup;
    private readonly HashSet<double> _numbers = [];
    private readonly bool _startsAsText;

    /// <summary>Whether an appended block coded a present cell as its value (see <see cref="Append"/>).</summary>
    private bool _codedValues;

    /// <param name="name">The column's name.</param>
    /// <param name="cap">The most distinct values kept.</param>
    /// <param name="codesTexts">Whether every cell is coded as text from the first row (a categorical column).</param>
    /// <param name="countsNumbers">Whether the distinct numbers and their integrality are tallied (the label, whose task they decide).</param>
    public ColumnScan(string name, int cap, bool codesTexts, bool countsNumbers)
    {
        Name = name;
        _cap = cap;
        CodesTexts = codesTexts;
        _startsAsText = codesTexts;
        _countsNumbers = countsNumbers;
        _textLookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    public long Missing { get; private set; }

    public long Present { get; private set; }

    public bool AllNumbers { get; private set; } = true;

    public bool AllIntegral { get; private set; } = true;

    /// <summary>Whether cells are coded as text indices (see the remarks); numbers are parsed only while this is false.</summary>
    public bool CodesTexts { get; private set; }

    /// <summary>Whether a text cell followed numbers whose texts were not kept: the column must be read again as text.</summary>
    public bool LostTexts { get; private set; }

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

    /// <summary>Counts a missing cell; its code is NaN.</summary>
    public float AddMissing()
    {
        Missing++;
        return float.NaN;
    }

    /// <summary>Counts a cell already parsed as a finite number while <see cref="CodesTexts"/> is false; its code is the value.</summary>
    // Optimised from the first call, as BlockCoding.Read is.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float AddNumber(float value)
    {
        Present++;
        Track(value);
        return value;
    }

    /// <summary>
    /// Counts a present cell given as text: a number (while the column is numeric) is coded as its value; anything
    /// else is coded as its text's index, or −1 once the tally is past the cap (the load then fails on this column).
    /// </summary>
    public float AddText(ReadOnlySpan<char> cell, long row)
    {
        Present++;
        ReadOnlySpan<char> text = cell.Trim();
        if (AllNumbers)
        {
            if (TableCells.TryParseNumber(text, out float value))
            {
                Track(value);
                if (!CodesTexts)
                {
                    return value;
                }
            }
            else
            {
                AllNumbers = false;
                FirstTextRow = row;
                FirstText = TableCells.Quote(text);
                LostTexts = !CodesTexts && Present > 1;
                CodesTexts = true;
            }
        }

        if (_textLookup.TryGetValue(text, out int index))
        {
            return index;
        }

        if (_texts.Count > _cap)
        {
            return -1;
        }

        index = _texts.Count;
        _textLookup[text] = index;
        return index;
    }

    /// <summary>
    /// Adds the tally of the next block of rows (blocks are appended in file order to a fresh tally made like theirs),
    /// so that this tally ends as the one a single pass over all the rows would have made, and says where each of the
    /// block's text codes goes among this tally's.
    /// </summary>
    /// <remarks>
    /// A serial pass tracks numbers only up to the column's first text, so a block's range and distinct numbers count
    /// only while every block before it held numbers only; its texts join in its order of first appearance, after
    /// those of the blocks before, up to the cap. The distinct numbers are the same set as a serial pass's unless the
    /// cap was passed, when only their count (cap + 1) is used. A column that turned to text where some block had
    /// coded a present cell as its value needs reading again as text (<see cref="LostTexts"/>), as serially, and more
    /// often: a block after the first text did not know of it.
    /// </remarks>
    /// <returns>For each of the block's text codes, this tally's code for the same text, or −1 past the cap.</returns>
    public int[] Append(ColumnScan block)
    {
        Missing += block.Missing;
        Present += block.Present;
        if (AllNumbers)
        {
            Minimum = Math.Min(Minimum, block.Minimum);
            Maximum = Math.Max(Maximum, block.Maximum);
            AllIntegral &= block.AllIntegral;
            foreach (double number in block._numbers)
            {
                if (_numbers.Count > _cap)
                {
                    break;
                }

                _numbers.Add(number);
            }

            if (!block.AllNumbers)
            {
                AllNumbers = false;
                FirstTextRow = block.FirstTextRow;
                FirstText = block.FirstText;
            }
        }

        CodesTexts |= block.CodesTexts;
        _codedValues |= block.LostTexts || (!block.CodesTexts && block.Present > 0);
        LostTexts = !_startsAsText && !AllNumbers && _codedValues;

        string[] texts = new string[block._texts.Count];
        foreach (KeyValuePair<string, int> entry in block._texts)
        {
            texts[entry.Value] = entry.Key;
        }

        int[] codes = new int[texts.Length];
        for (int code = 0; code < texts.Length; code++)
        {
            if (!_texts.TryGetValue(texts[code], out codes[code]))
            {
                codes[code] = _texts.Count > _cap ? -1 : _texts.Count;
                if (codes[code] >= 0)
                {
                    _texts.Add(texts[code], codes[code]);
                }
            }
        }

        return codes;
    }

    /// <summary>The distinct text values in ordinal order, and for each text's code (its order of first appearance) its position there.</summary>
    public string[] SortedTexts(out int[] positionOfCode)
    {
        string[] texts = new string[_texts.Count];
        int[] codes = new int[_texts.Count];
        int at = 0;
        foreach (KeyValuePair<string, int> entry in _texts)
        {
            texts[at] = entry.Key;
            codes[at++] = entry.Value;
        }

        Array.Sort(texts, codes, StringComparer.Ordinal);
        positionOfCode = new int[codes.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            positionOfCode[codes[i]] = i;
        }

        return texts;
    }

    /// <summary>The distinct numbers, ascending.</summary>
    public double[] SortedNumbers()
    {
        double[] numbers = [.. _numbers];
        Array.Sort(numbers);
        return numbers;
    }

    private void Track(float value)
    {
        Minimum = Math.Min(Minimum, value);
        Maximum = Math.Max(Maximum, value);
        if (_countsNumbers)
        {
            AllIntegral &= value == MathF.Round(value);
            if (_numbers.Count <= _cap)
            {
                _numbers.Add(value);
            }
        }
    }
}
