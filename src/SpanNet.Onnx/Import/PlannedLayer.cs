using System;
using SpanNet.Layers;

namespace SpanNet.Onnx.Import;

/// <summary>
/// One SpanNet layer the graph maps to, fully validated: a dense layer (weights from an initializer, scaled by
/// <see cref="Alpha"/> and possibly transposed, plus an optional folded bias) or an activation.
/// </summary>
internal sealed class PlannedLayer
{
    private PlannedLayer(LayerKind kind, int inputs, int outputs)
    {
        Kind = kind;
        Inputs = inputs;
        Outputs = outputs;
    }

    public LayerKind Kind { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>The weights initializer: [Inputs, Outputs], or [Outputs, Inputs] when <see cref="Transposed"/>.</summary>
    public FloatTensor? Weights { get; private init; }

    public bool Transposed { get; private init; }

    /// <summary>Gemm's α, multiplied into every weight.</summary>
    public float Alpha { get; private init; } = 1f;

    /// <summary>The bias, all bias terms (Gemm's β·C, folded Adds) summed; null when the layer has none.</summary>
    public float[]? Bias { get; set; }

    /// <summary>α of a leaky ReLU.</summary>
    /// <summary>For an activation layer, its descriptor; null for a dense layer.</summary>
    public ActivationDescriptor? Activation { get; private init; }

    /// <summary>For an activation layer, its α (0 where it has none).</summary>
    public float ActivationAlpha { get; private init; }

    public static PlannedLayer Dense(FloatTensor weights, int inputs, int outputs, bool transposed, float alpha) =>
        new(LayerKind.Dense, inputs, outputs) { Weights = weights, Transposed = transposed, Alpha = alpha };

    public static PlannedLayer ActivationOf(ActivationDescriptor activation, int width, float alpha) =>
        new(LayerKind.Activation, width, width) { Activation = activation, ActivationAlpha = alpha };

    /// <summary>Writes W [Inputs, Outputs] as SpanNet stores it (α applied, transposed back when needed) into <paramref name="destination"/>.</summary>
    public void CopyWeightsTo(Span<float> destination)
    {
        FloatTensor weights = Weights!;
        if (weights.TryGetSpan(out ReadOnlySpan<float> source))
        {
            if (!Transposed && Alpha == 1f)
            {
                source.CopyTo(destination);
                return;
            }

            for (int row = 0; row < Inputs; row++)
            {
                Span<float> destinationRow = destination.Slice(row * Outputs, Outputs);
                for (int column = 0; column < destinationRow.Length; column++)
                {
                    destinationRow[column] = Alpha * source[Transposed ? (column * Inputs) + row : (row * Outputs) + column];
                }
            }

            return;
        }

        for (int row = 0; row < Inputs; row++)
        {
            Span<float> destinationRow = destination.Slice(row * Outputs, Outputs);
            for (int column = 0; column < destinationRow.Length; column++)
            {
                destinationRow[column] = Alpha * weights[Transposed ? (column * Inputs) + row : (row * Outputs) + column];
            }
        }
    }
}
