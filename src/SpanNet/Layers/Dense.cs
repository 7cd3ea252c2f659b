using System;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// The affine layer (DLFS's <c>Affine</c>): <c>Y = X·W + b</c> with W stored [inputs, outputs] so the forward pass is a
/// GEMM without transposes. Parameters are W then b (when there is a bias), row-major.
/// </summary>
public sealed class Dense : Layer
{
    /// <summary>The model-file code of a dense layer.</summary>
    internal const int Code = 1;

    private const int HasBiasFlag = 1;

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

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Dense {Inputs}→{Outputs}{(HasBias ? string.Empty : " (no bias)")}");

    internal override LayerRecord Record => new(Code, Outputs, HasBias ? HasBiasFlag : 0, 0f, 0f, 0);

    /// <summary>Reads a dense record: any width, flags 0 or 1 (bias).</summary>
    internal static Layer Read(in LayerRecord record, int inputs)
    {
        LayerKinds.RequireFlags(record, HasBiasFlag);
        LayerKinds.RequireNoNumbers(record);
        return new Dense(inputs, record.Outputs, (record.Flags & HasBiasFlag) != 0);
    }

    internal override void Initialize(Span<float> parameters, Span<float> state, Random random, WeightInit scheme, float weightScale)
    {
        WeightInitialization.FillDense(scheme, parameters[..WeightCount], parameters[WeightCount..], Inputs, weightScale, random);
    }

    internal override bool IsRowLocal => true;

    internal override bool UsesInputDensity => true;

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass)
    {
        // (batch, inputs) · (inputs, outputs) → (batch, outputs). The layer's shapes were checked when the network
        // checked its batch, so the products take their unchecked entry points. The product is chosen on the whole
        // batch's input density, which the network measured, so a range of rows takes the same product as the batch.
        ReadOnlySpan<float> weights = pass.Parameters[..WeightCount];
        if (pass.ReadsNetworkInput && pass.InputDensity <= SparseProductRule.ForwardMaxDensity)
        {
            Gemm.MultiplyAddSparseAUnchecked(input, weights, output, batch, Outputs, Inputs, MatrixOperation.Identity, 0f);
        }
        else
        {
            Gemm.MultiplyAddUnchecked(input, weights, output, batch, Outputs, Inputs, MatrixOperation.Identity, MatrixOperation.Identity, 1f, 0f, pass.Scratch);
        }

        if (HasBias)
        {
            Bias.AddToRowsUnchecked(pass.Parameters.Slice(WeightCount, Outputs), output, batch, Outputs);
        }
    }

    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        AccumulateParameterGradients(input, dOutput, batch, pass);
        if (!dInput.IsEmpty)
        {
            BackwardToInput(input, output, dOutput, dInput, batch, pass);
        }
    }

    internal override void AccumulateParameterGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int batch, in LayerPass pass)
    {
        // dW += Xᵀ · dY: (inputs, batch) · (batch, outputs)
        Span<float> dWeights = pass.Gradients[..WeightCount];
        if (pass.ReadsNetworkInput && pass.InputDensity <= SparseProductRule.WeightGradientMaxDensity)
        {
            Gemm.MultiplyAddSparseAUnchecked(input, dOutput, dWeights, Inputs, Outputs, batch, MatrixOperation.Transpose, 1f);
        }
        else
        {
            Gemm.MultiplyAddUnchecked(input, dOutput, dWeights, Inputs, Outputs, batch, MatrixOperation.Transpose, MatrixOperation.Identity, 1f, 1f, pass.Scratch);
        }

        if (HasBias)
        {
            Bias.AccumulateGradientUnchecked(dOutput, pass.Gradients.Slice(WeightCount, Outputs), batch, Outputs);
        }
    }

    internal override void BackwardToInput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int rows, in LayerPass pass) =>
        // dX = dY · Wᵀ: (rows, outputs) · (outputs, inputs)
        Gemm.MultiplyAddUnchecked(dOutput, pass.Parameters[..WeightCount], dInput, rows, Inputs, Outputs, MatrixOperation.Identity, MatrixOperation.Transpose, 1f, 0f, pass.Scratch);

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        var y = new double[batch * Outputs];
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                double sum = HasBias ? parameters[WeightCount + o] : 0;
                for (int k = 0; k < Inputs; k++)
                {
                    sum += input[(b * Inputs) + k] * parameters[(k * Outputs) + o];
                }

                y[(b * Outputs) + o] = sum;
            }
        }

        return y;
    }

    internal override void AddParameterTensors(List<ParameterTensorSlice> tensors, int offset)
    {
        tensors.Add(new(ParameterTensor.Weights, offset, WeightCount));
        if (HasBias)
        {
            tensors.Add(new(ParameterTensor.Biases, offset + WeightCount, Outputs));
        }
    }

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        new DenseSampleStep(Inputs, Outputs, parameters[..WeightCount], HasBias ? parameters.Slice(WeightCount, Outputs) : ReadOnlySpan<float>.Empty);

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        string weights = graph.Constant(name + ".weight", parameters[..WeightCount], Inputs, Outputs);
        if (HasBias)
        {
            string bias = graph.Constant(name + ".bias", parameters.Slice(WeightCount, Outputs), Outputs);
            graph.Node("Gemm", name, [input, weights, bias], output);
        }
        else
        {
            graph.Node("MatMul", name, [input, weights], output);
        }
    }
}
