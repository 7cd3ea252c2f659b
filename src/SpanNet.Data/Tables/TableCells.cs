using System;
using System.Globalization;

namespace SpanNet.Data.Tables;

/// <summary>The rules every reader applies to one cell's text: what counts as missing, what counts as a number.</summary>
internal static class TableCells
{
    /// <summary>Whether <paramref name="cell"/> stands for a missing value: empty or blank, <c>NA</c>, <c>NaN</c> or <c>null</c> (any case).</summary>
    public static bool IsMissing(ReadOnlySpan<char> cell)
    {
        ReadOnlySpan<char> text = cell.Trim();
        return text.IsEmpty
            || text.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || text.Equals("NaN", StringComparison.OrdinalIgnoreCase)
            || text.Equals("null", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Parses a finite number in the invariant culture (<c>1.5</c>, <c>-2e-3</c>, surrounding spaces allowed) as
    /// float.TryParse does; ±∞ and values beyond float32 are not numbers here. A short plain decimal takes
    /// <see cref="ShortDecimalParser"/>'s exact fast path.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> cell, out float value) =>
        ShortDecimalParser.TryParse(cell, out value)
        || (float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value));

    /// <summary>A cell quoted in an error message: at most 40 characters, so a 100 MB field stays one line.</summary>
    public static string Quote(ReadOnlySpan<char> cell)
    {
        const int Shown = 40;
        string text = cell.Length <= Shown ? cell.ToString() : string.Concat(cell[..Shown], "…");
        return "'" + text.ReplaceLineEndings(" ") + "'";
    }
}
