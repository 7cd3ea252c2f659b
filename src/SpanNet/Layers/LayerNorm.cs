using System;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// Layer normalisation over the features of each sample (PyTorch's <c>nn.LayerNorm(features)</c>):
/// <c>y = γ·(x − μ)/√(σ² + ε) + β</c> with μ and the biased σ² of the row. The same in training and inference.
/// </summary>
/// <remarks>
/// Parameters (when affine): γ then β, one per feature, starting at 1 and 0. A training pass saves each row's mean and
/// 1/√(σ² + ε) for the backward pass (llm.c's <c>ln_mean</c>, <c>ln_rstd</c>).
/// </remarks>
public sealed class LayerNorm : Layer
{
    /// <summary>PyTorch's default ε.</summary>
    public const float DefaultEpsilon = 1e-5f;

    internal const int Code = 21;

    private const int AffineFlag = 1;

    internal LayerNorm(int features, float epsilon, bool affine)
        : base(features, features)
    {
        Guard.FinitePositive(epsilon);
        Epsilon = epsilon;
        IsAffine = affine;
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.LayerNorm;

    /// <summary>ε, added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the layer learns γ and β (PyTorch's <c>elementwise_affine</c>).</summary>
    public bool IsAffine { get; }

    /// <inheritdoc/>
    public override int ParameterCount => IsAffine ? 2 * Outputs : 0;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"LayerNorm {Outputs} (ε={Epsilon}{(IsAffine ? string.Empty : ", no γ and β")})");

    internal override LayerRecord Record => new(Code, Outputs, IsAffine ? AffineFlag : 0, Epsilon, 0f, 0);

    internal static Layer Read(in LayerRecord record, int inputs)
    {
        LayerKinds.RequireWidth(record, inputs);
        LayerKinds.RequireFlags(record, AffineFlag);
        if (!(float.IsFinite(record.First) && record.First > 0f) || BitConverter.SingleToInt32Bits(record.Second) != 0)
        {
            throw new InvalidLayerRecordException($"has ε {record.First} and second number {record.Second}; ε must be finite and positive, the second number 0");
        }

        return new LayerNorm(inputs, record.First, (record.Flags & AffineFlag) != 0);
    }

    /// <summary>Each row's mean and 1/√(σ² + ε).</summary>
    internal override long SavedCount(int capacity) => 2L * capacity;

    internal override void Initialize(Span<float> parameters, Span<float> state, Random random, WeightInit scheme, float weightScale)
    {
        if (IsAffine)
        {
            parameters[..Outputs].Fill(1f);
            parameters[Outputs..].Clear();
        }
    }

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass)
    {
        int features = Outputs;
        ReadOnlySpan<float> gamma = IsAffine ? pass.Parameters[..features] : default;
        ReadOnlySpan<float> beta = IsAffine ? pass.Parameters.Slice(features, features) : default;
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> x = input.Slice(r * features, features);
            (float mean, float reciprocalStd) = Normalization.RowStatistics(x, Epsilon);
            Normalization.NormalizeRow(x, mean, reciprocalStd, gamma, beta, output.Slice(r * features, features));
            if (pass.Training)
            {
                pass.Saved[r] = mean;
                pass.Saved[batch + r] = reciprocalStd;
            }
        }
    }

    /// <summary>
    /// Per row, with x̂ = (x − μ)·r and g = γ ⊙ dy: dx = r·(g − mean(g) − x̂·mean(g ⊙ x̂)); dγ += dy ⊙ x̂, dβ += dy.
    /// </summary>
    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        int features = Outputs;
        float inverseFeatures = 1f / features;
        ReadOnlySpan<float> gamma = IsAffine ? pass.Parameters[..features] : default;
        Span<float> dGamma = IsAffine ? pass.Gradients[..features] : default;
        Span<float> dBeta = IsAffine ? pass.Gradients.Slice(features, features) : default;
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> x = input.Slice(r * features, features);
            ReadOnlySpan<float> dy = dOutput.Slice(r * features, features);
            float mean = pass.Saved[r], reciprocalStd = pass.Saved[batch + r];
            (float sumG, float sumGX) = Normalization.NormalizedGradientSums(dy, x, gamma, mean, reciprocalStd);
            if (IsAffine)
            {
                Normalization.AccumulateNormalizedGradients(dy, x, mean, reciprocalStd, dGamma, dBeta);
            }

            if (!dInput.IsEmpty)
            {
                Normalization.NormalizedInputGradient(dy, x, gamma, mean, reciprocalStd, sumG * inverseFeatures, sumGX * inverseFeatures, dInput.Slice(r * features, features));
            }
        }
    }

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        int features = Outputs;
        var y = new double[input.Length];
        for (int b = 0; b < batch; b++)
        {
            double mean = 0;
            for (int j = 0; j < features; j++)
            {
                mean += input[(b * features) + j];
            }

            mean /= features;
            double variance = 0;
            for (int j = 0; j < features; j++)
            {
                double d = input[(b * features) + j] - mean;
                variance += d * d;
            }

            double reciprocalStd = 1 / Math.Sqrt((variance / features) + Epsilon);
            for (int j = 0; j < features; j++)
            {
                double normalized = (input[(b * features) + j] - mean) * reciprocalStd;
                y[(b * features) + j] = IsAffine ? (normalized * parameters[j]) + parameters[features + j] : normalized;
            }
        }

        return y;
    }

    internal override void AddParameterTensors(List<ParameterTensorSlice> tensors, int offset)
    {
        if (IsAffine)
        {
            tensors.Add(new(ParameterTensor.Scale, offset, Outputs));
            tensors.Add(new(ParameterTensor.Shift, offset + Outputs, Outputs));
        }
    }

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        new LayerNormSampleStep(this, IsAffine ? parameters[..Outputs].ToArray() : [], IsAffine ? parameters.Slice(Outputs, Outputs).ToArray() : []);

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        float[] ones = new float[Outputs], zeros = new float[Outputs];
        ones.AsSpan().Fill(1f);
        string scale = graph.Constant(name + ".weight", IsAffine ? parameters[..Outputs] : ones, Outputs);
        string bias = graph.Constant(name + ".bias", IsAffine ? parameters.Slice(Outputs, Outputs) : zeros, Outputs);
        graph.Node("LayerNormalization", name, [input, scale, bias], output, OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", Epsilon));
    }

    /// <summary>One row normalised with the layer's γ and β.</summary>
    private sealed class LayerNormSampleStep(LayerNorm layer, float[] gamma, float[] beta) : SampleStep(layer.Inputs, layer.Outputs)
    {
        public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB)
        {
            (float mean, float reciprocalStd) = Normalization.RowStatistics(input, layer.Epsilon);
            Normalization.NormalizeRow(input, mean, reciprocalStd, gamma, beta, output[..Outputs]);
        }
    }
}
