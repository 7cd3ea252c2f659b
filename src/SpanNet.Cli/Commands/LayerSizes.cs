using System;
using System.CommandLine.Parsing;
using System.Globalization;
using SpanNet.Data;

namespace SpanNet.Cli.Commands;

/// <summary>
/// Parses layer widths written as <c>784-256-128-10</c>: <c>--layers</c> (every layer, input first, for an MNIST
/// classifier) and <c>--hidden</c> (the hidden widths only, for a table, whose input and output widths come from the data).
/// </summary>
internal static class LayerSizes
{
    /// <summary>The default network, 784-100-10.</summary>
    public const string Default = "784-100-10";

    /// <summary>The default hidden layers of a tabular model, 64-32 (scikit-learn's usual two-layer setting scaled to tables).</summary>
    public const string DefaultHidden = "64-32";

    /// <summary>The largest layer accepted, far above anything useful here, so a typo cannot exhaust memory.</summary>
    private const int MaxWidth = 1 << 16;

    /// <summary>Parses <c>--layers</c>: at least an input and an output width, 784 in and 10 out.</summary>
    public static int[]? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : Default;
        if (Widths(result, "--layers", text, Default) is not { } sizes)
        {
            return null;
        }

        if (sizes.Length < 2)
        {
            result.AddError($"--layers '{text}' needs at least an input and an output width, e.g. {Default}.");
        }
        else if (sizes[0] != MnistDataset.PixelsPerImage)
        {
            result.AddError($"--layers '{text}' starts at {sizes[0]}, but an MNIST image has {MnistDataset.PixelsPerImage} pixels.");
        }
        else if (sizes[^1] != MnistDataset.Classes)
        {
            result.AddError($"--layers '{text}' ends at {sizes[^1]}, but MNIST has {MnistDataset.Classes} classes.");
        }

        return sizes;
    }

    /// <summary>Parses <c>--hidden</c>: one or more widths.</summary>
    public static int[]? ParseHidden(ArgumentResult result) =>
        Widths(result, "--hidden", result.Tokens.Count > 0 ? result.Tokens[0].Value : DefaultHidden, DefaultHidden);

    public static string Format(ReadOnlySpan<int> sizes)
    {
        string[] parts = new string[sizes.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = sizes[i].ToString(CultureInfo.InvariantCulture);
        }

        return string.Join('-', parts);
    }

    /// <summary>Each dash-separated part of <paramref name="text"/> as a width from 1 to <see cref="MaxWidth"/>, or null after an error naming <paramref name="option"/>.</summary>
    private static int[]? Widths(ArgumentResult result, string option, string text, string example)
    {
        string[] parts = text.Split('-');
        int[] sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1 || sizes[i] > MaxWidth)
            {
                result.AddError($"{option} '{text}': '{parts[i]}' is not a layer width (a whole number from 1 to {MaxWidth}); write e.g. {example}.");
                return null;
            }
        }

        return sizes;
    }
}
