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

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, ReadOnlySpan<float> parameters, GemmScratch scratch)
    {
        // (batch, inputs) · (inputs, outputs) → (batch, outputs)
        Gemm.MultiplyAdd(input, parameters[..WeightCount], output, batch, Outputs, Inputs, scratch: scratch);
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
        Gemm.MultiplyAdd(input, dOutput, dParameters[..WeightCount], Inputs, Outputs, batch, MatrixOperation.Transpose, MatrixOperation.Identity, 1f, 1f, scratch);
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
}
