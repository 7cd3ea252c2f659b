using System;
using System.Collections.Generic;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Onnx.Import;

/// <summary>
/// One SpanNet layer the graph maps to, fully validated: a dense layer (weights from an initializer, scaled by
/// <see cref="Alpha"/> and possibly transposed, plus an optional folded bias), an activation, a batch or layer
/// normalisation, a PReLU, a fixed per-feature map, or a residual block of such layers.
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

    /// <summary>
    /// Per-output factors folded in from a constant Mul or Div right after the layer (null when none): output column j
    /// of the weights is multiplied by it, as the bias already was when it was folded.
    /// </summary>
    public float[]? ColumnScale { get; set; }

    /// <summary>The last node folded into <see cref="ColumnScale"/>, for messages.</summary>
    public string? FoldedAt { get; set; }

    /// <summary>The bias, all bias terms (Gemm's β·C, folded Adds) summed; null when the layer has none.</summary>
    public float[]? Bias { get; set; }

    /// <summary>For an activation layer or a residual block with an activation after its sum, the activation's descriptor.</summary>
    public ActivationDescriptor? Activation { get; private init; }

    /// <summary>The activation's α (0 where it has none).</summary>
    public float ActivationAlpha { get; private init; }

    /// <summary>The activation's β (0 where it has none).</summary>
    public float ActivationBeta { get; private init; }

    /// <summary>A normalisation's ε.</summary>
    public float Epsilon { get; private init; }

    /// <summary>BatchNorm's momentum in SpanNet's (PyTorch's) sense: the weight of each new batch.</summary>
    public float Momentum { get; private init; }

    /// <summary>
    /// The first per-feature vector: a normalisation's γ (null when it is not affine), PReLU's slopes, a fixed map's a
    /// (the mean of <c>(x − a)/b</c> or the multiplier of <c>x·a + b</c>).
    /// </summary>
    public float[]? First { get; set; }

    /// <summary>The second per-feature vector: a normalisation's β, a fixed map's b.</summary>
    public float[]? Second { get; set; }

    /// <summary>BatchNorm's running mean.</summary>
    public float[]? RunningMean { get; private init; }

    /// <summary>BatchNorm's running variance.</summary>
    public float[]? RunningVariance { get; private init; }

    /// <summary>Whether a fixed map is <c>(x − a)/b</c> rather than <c>x·a + b</c>.</summary>
    public bool SubtractDivide { get; set; }

    /// <summary>A residual block's inner layers.</summary>
    public List<PlannedLayer>? Children { get; private init; }

    /// <summary>The layer's trainable parameter count, as SpanNet will lay it out.</summary>
    public long ParameterCount => Kind switch
    {
        LayerKind.Dense => ((long)Inputs * Outputs) + (Bias is null ? 0 : Outputs),
        LayerKind.BatchNorm or LayerKind.LayerNorm => First is null ? 0 : 2L * Outputs,
        LayerKind.PRelu => Outputs,
        _ => 0,
    };

    public static PlannedLayer Dense(FloatTensor weights, int inputs, int outputs, bool transposed, float alpha) =>
        new(LayerKind.Dense, inputs, outputs) { Weights = weights, Transposed = transposed, Alpha = alpha };

    public static PlannedLayer ActivationOf(ActivationDescriptor activation, int width, float alpha, float beta = 0f) =>
        new(LayerKind.Activation, width, width) { Activation = activation, ActivationAlpha = alpha, ActivationBeta = beta };

    public static PlannedLayer BatchNorm(float[]? gamma, float[]? beta, float[] mean, float[] variance, float epsilon, float momentum) =>
        new(LayerKind.BatchNorm, mean.Length, mean.Length) { First = gamma, Second = beta, RunningMean = mean, RunningVariance = variance, Epsilon = epsilon, Momentum = momentum };

    public static PlannedLayer LayerNorm(int width, float[]? gamma, float[]? beta, float epsilon) =>
        new(LayerKind.LayerNorm, width, width) { First = gamma, Second = beta, Epsilon = epsilon };

    public static PlannedLayer PRelu(float[] slopes) => new(LayerKind.PRelu, slopes.Length, slopes.Length) { First = slopes };

    public static PlannedLayer FixedMap(bool subtractDivide, float[] a, float[] b) =>
        new(LayerKind.Standardize, a.Length, a.Length) { SubtractDivide = subtractDivide, First = a, Second = b };

    public static PlannedLayer Residual(int width, List<PlannedLayer> children, ActivationDescriptor? activation, float alpha, float beta) =>
        new(LayerKind.Residual, width, width) { Children = children, Activation = activation, ActivationAlpha = alpha, ActivationBeta = beta };

    /// <summary>Adds this layer to <paramref name="builder"/> (its numbers are written later, by <see cref="WriteValues"/>).</summary>
    public void AddTo(NetworkBuilder builder)
    {
        switch (Kind)
        {
            case LayerKind.Dense: builder.Dense(Outputs, bias: Bias is not null); break;
            case LayerKind.BatchNorm: builder.BatchNorm(Epsilon, Momentum, affine: First is not null); break;
            case LayerKind.LayerNorm: builder.LayerNorm(Epsilon, affine: First is not null); break;
            case LayerKind.PRelu: builder.PRelu(); break;
            case LayerKind.Standardize when SubtractDivide: builder.Standardize(First, Second); break;
            case LayerKind.Standardize: builder.Affine(First, Second); break;
            case LayerKind.Residual:
                builder.Residual(
                    inner =>
                    {
                        foreach (PlannedLayer child in Children!)
                        {
                            child.AddTo(inner);
                        }
                    },
                    Activation?.Activation ?? SpanNet.Layers.Activation.None,
                    Activation is { HasAlpha: true } ? ActivationAlpha : null,
                    Activation is { HasBeta: true } ? ActivationBeta : null);
                break;
            default:
                builder.Activate(Activation!.Activation, Activation.HasAlpha ? ActivationAlpha : null, Activation.HasBeta ? ActivationBeta : null);
                break;
        }
    }

    /// <summary>
    /// Writes the layer's parameters and state into <paramref name="built"/>'s slices, in SpanNet's layout (each kind's
    /// own; a block's inner layers one after another, sized as the built block's children are).
    /// </summary>
    public void WriteValues(Layer built, Span<float> parameters, Span<float> state)
    {
        switch (Kind)
        {
            case LayerKind.Dense:
                CopyWeightsTo(parameters[..(Inputs * Outputs)]);
                Bias?.CopyTo(parameters[(Inputs * Outputs)..]);
                break;
            case LayerKind.BatchNorm:
                CopyPair(parameters);
                RunningMean.CopyTo(state);
                RunningVariance.CopyTo(state[Outputs..]);
                break;
            case LayerKind.LayerNorm:
                CopyPair(parameters);
                break;
            case LayerKind.PRelu:
                First.CopyTo(parameters);
                break;
            case LayerKind.Standardize:
                First.CopyTo(state);
                Second.CopyTo(state[Outputs..]);
                break;
            case LayerKind.Residual:
                int p = 0, s = 0;
                for (int i = 0; i < Children!.Count; i++)
                {
                    Layer child = built.Children[i];
                    Children[i].WriteValues(child, parameters.Slice(p, child.ParameterCount), state.Slice(s, child.StateCount));
                    p += child.ParameterCount;
                    s += child.StateCount;
                }

                break;
        }
    }

    /// <summary>Writes W [Inputs, Outputs] as SpanNet stores it (α applied, transposed back when needed) into <paramref name="destination"/>.</summary>
    private void CopyWeightsTo(Span<float> destination)
    {
        FloatTensor weights = Weights!;
        if (weights.TryGetSpan(out ReadOnlySpan<float> source))
        {
            if (!Transposed && Alpha == 1f && ColumnScale is null)
            {
                source.CopyTo(destination);
                return;
            }

            for (int row = 0; row < Inputs; row++)
            {
                Span<float> destinationRow = destination.Slice(row * Outputs, Outputs);
                for (int column = 0; column < destinationRow.Length; column++)
                {
                    destinationRow[column] = Scale(column) * source[Transposed ? (column * Inputs) + row : (row * Outputs) + column];
                }
            }

            return;
        }

        for (int row = 0; row < Inputs; row++)
        {
            Span<float> destinationRow = destination.Slice(row * Outputs, Outputs);
            for (int column = 0; column < destinationRow.Length; column++)
            {
                destinationRow[column] = Scale(column) * weights[Transposed ? (column * Inputs) + row : (row * Outputs) + column];
            }
        }
    }

    /// <summary>The factor of output column <paramref name="column"/>'s weights: Gemm's α times any folded scale.</summary>
    public float Scale(int column) => ColumnScale is null ? Alpha : Alpha * ColumnScale[column];

    /// <summary>γ then β, when the normalisation is affine.</summary>
    private void CopyPair(Span<float> parameters)
    {
        if (First is not null)
        {
            First.CopyTo(parameters);
            Second.CopyTo(parameters[Outputs..]);
        }
    }
}
