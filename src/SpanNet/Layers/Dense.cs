using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// The affine layer (DLFS's <c>Affine</c>): <c>Y = X·W + b</c> with W stored [inputs, outputs] so the forward pass is a
/// GEMM without transposes. Parameters are W then b (when there is a bias), row-major.
/// </summary>
public sealed class Dense : Layer
{
    internal Dense(int inputs, int outputs, bool hasBias)
        : base(inputs, outputs)
    {
        HasBias = hasBias;
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Dense;

    /// <summary>Whether the layer adds a bias (the material's worked examples have none).</summary>
    public bool HasBias { get; }

    /// <summary>Floats in W: inputs × outputs.</summary>
    public int WeightCount => Inputs * Outputs;

    /// <inheritdoc/>
    public override int ParameterCount => WeightCount + (HasBias ? Outputs : 0);

    /// <summary>
    /// Whether this layer reads the network's input, the only one that may take the sparse products. Raw data (pixels)
    /// is what is sparse often enough to matter, and its sparsity cannot change with the parameters; a hidden layer's
    /// could, and a perturbation (a gradient check's, say) flipping it between the two products would put a rounding
    /// jump into the loss. Set by <see cref="Networks.Network"/>.
    /// </summary>
    internal bool ReadsNetworkInput { get; set; }

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, ReadOnlySpan<float> parameters, GemmScratch scratch)
    {
        // (batch, inputs) · (inputs, outputs) → (batch, outputs)
        if (IsSparse(input, SparseProductRule.ForwardMaxDensity))
        {
            Gemm.MultiplyAddSparseA(input, parameters[..WeightCount], output, batch, Outputs, Inputs);
        }
        else
        {
            Gemm.MultiplyAdd(input, parameters[..WeightCount], output, batch, Outputs, Inputs, scratch: scratch);
        }

        if (HasBias)
        {
            Bias.AddToRows(parameters.Slice(WeightCount, Outputs), output, batch, Outputs);
        }
    }

    internal override void Backward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> output,
        ReadOnlySpan<float> dOutput,
        Span<float> dInput,
        int batch,
        ReadOnlySpan<float> parameters,
        Span<float> dParameters,
        GemmScratch scratch)
    {
        // dW += Xᵀ · dY: (inputs, batch) · (batch, outputs)
        if (IsSparse(input, SparseProductRule.WeightGradientMaxDensity))
        {
            Gemm.MultiplyAddSparseA(input, dOutput, dParameters[..WeightCount], Inputs, Outputs, batch, MatrixOperation.Transpose, beta: 1f);
        }
        else
        {
            Gemm.MultiplyAdd(input, dOutput, dParameters[..WeightCount], Inputs, Outputs, batch, MatrixOperation.Transpose, MatrixOperation.Identity, 1f, 1f, scratch);
        }

        if (HasBias)
        {
            Bias.AccumulateGradient(dOutput, dParameters.Slice(WeightCount, Outputs), batch, Outputs);
        }

        if (!dInput.IsEmpty)
        {
            // dX = dY · Wᵀ: (batch, outputs) · (outputs, inputs)
            Gemm.MultiplyAdd(dOutput, parameters[..WeightCount], dInput, batch, Inputs, Outputs, MatrixOperation.Identity, MatrixOperation.Transpose, 1f, 0f, scratch);
        }
    }

    /// <summary>
    /// Whether a product takes the zero-skipping path: the network's input, at most <paramref name="maxDensity"/>
    /// nonzero (one vectorized pass over it). The thresholds are <see cref="SparseProductRule"/>'s for this CPU family.
    /// </summary>
    private bool IsSparse(ReadOnlySpan<float> input, float maxDensity) => ReadsNetworkInput && Reductions.NonZeroFraction(input) <= maxDensity;
}
