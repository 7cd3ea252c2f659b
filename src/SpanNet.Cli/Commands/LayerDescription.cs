using System.Text;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>A network's layers as one line, e.g. <c>Dense 784→100, Relu, Dense 100→10 (no bias)</c>, and its layer widths.</summary>
internal static class LayerDescription
{
    public static string Of(Network network)
    {
        var text = new StringBuilder();
        foreach (Layer layer in network.Layers)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(layer.ToString());
        }

        return text.ToString();
    }

    /// <summary>The input width, then each dense layer's output width (784-100-10).</summary>
    public static int[] Widths(Network network)
    {
        int dense = 0;
        foreach (Layer layer in network.Layers)
        {
            dense += layer is Dense ? 1 : 0;
        }

        int[] widths = new int[dense + 1];
        widths[0] = network.Inputs;
        int at = 1;
        foreach (Layer layer in network.Layers)
        {
            if (layer is Dense)
            {
                widths[at++] = layer.Outputs;
            }
        }

        return widths;
    }
}
