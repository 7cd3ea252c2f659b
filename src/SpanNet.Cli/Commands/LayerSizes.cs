using System;
using System.CommandLine.Parsing;
using System.Globalization;
using SpanNet.Data;

namespace SpanNet.Cli.Commands;

/// <summary>Parses <c>--layers 784-256-128-10</c>: the width of each layer, input first, for an MNIST classifier.</summary>
internal static class LayerSizes
{
    /// <summary>The default network, 784-100-10.</summary>
    public const string Default = "784-100-10";

    /// <summary>The largest hidden layer accepted, far above anything useful on MNIST, so a typo cannot exhaust memory.</summary>
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
                result.AddError($"--layers '{text}': '{parts[i]}' is not a layer width (a whole number from 1 to {MaxWidth}); write e.g. {Default}.");
                return null;
            }
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

    public static string Format(ReadOnlySpan<int> sizes)
    {
        string[] parts = new string[sizes.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = sizes[i].ToString(CultureInfo.InvariantCulture);
        }

        return string.Join('-', parts);
    }
}
