using System.CommandLine.Parsing;
using System.Globalization;

namespace SpanNet.Cli.Commands;

/// <summary>Parses <c>--hidden 64-32</c>: the hidden widths only, for a table, whose input and output widths come from the data.</summary>
internal static class HiddenSizes
{
    /// <summary>The default hidden layers of a tabular model, 64-32 (scikit-learn's usual two-layer setting scaled to tables).</summary>
    public const string Default = "64-32";

    private const int MaxWidth = 1 << 16;

    public static int[]? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : Default;
        string[] parts = text.Split('-');
        int[] sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1 || sizes[i] > MaxWidth)
            {
                result.AddError($"--hidden '{text}': '{parts[i]}' is not a layer width (a whole number from 1 to {MaxWidth}); write e.g. {Default}.");
                return null;
            }
        }

        return sizes;
    }
}
