using System;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// Batch normalisation over features (PyTorch's <c>nn.BatchNorm1d</c> on [batch, features]):
/// <c>y = γ·(x − μ)/√(σ² + ε) + β</c>. Training uses the batch's mean and (biased) variance and updates the running
/// statistics, <c>running = (1 − momentum)·running + momentum·batch</c>, the variance's as the unbiased estimate
/// (× n/(n − 1)); inference uses the running statistics, as PyTorch does.
/// </summary>
/// <remarks>
/// Parameters (when affine): γ then β, one per feature, starting at 1 and 0. State, never seen by an optimizer: the
/// running mean then the running variance, starting at 0 and 1. A training pass saves the batch mean and 1/√(σ² + ε)
/// for the backward pass. A batch of one sample has no spread: its variance is 0 and the running variance takes it as
/// it is (PyTorch refuses such a batch). At inference the layer is a per-feature affine map, which
/// the inference model folds into a dense layer before it.
/// </remarks>
public sealed class BatchNorm : Layer
{
    /// <summary>PyTorch's default ε.</summary>
    public const float DefaultEpsilon = 1e-5f;

    /// <summary>PyTorch's default momentum of the running statistics.</summary>
    public const float DefaultMomentum = 0.1f;

    internal const int Code = 20;

    private const int AffineFlag = 1;

    internal BatchNorm(int features, float epsilon, float momentum, bool affine)
        : base(features, features)
    {
        Guard.FinitePositive(epsilon);
        if (!(momentum is >= 0f and <= 1f))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(momentum), $"momentum must be in [0, 1]; it was {momentum}.");
        }

        Epsilon = epsilon;
        Momentum = momentum;
        IsAffine = affine;
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.BatchNorm;

    /// <summary>ε, added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>The weight of each batch in the running statistics.</summary>
    public float Momentum { get; }

    /// <summary>Whether the layer learns γ and β (PyTorch's <c>affine</c>).</summary>
    public bool IsAffine { get; }

    /// <inheritdoc/>
    public override int ParameterCount => IsAffine ? 2 * Outputs : 0;

    /// <inheritdoc/>
    public override int StateCount => 2 * Outputs;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"BatchNorm {Outputs} (ε={Epsilon}, momentum {Momentum}{(IsAffine ? string.Empty : ", no γ and β")})");

    internal override LayerRecord Record => new(Code, Outputs, IsAffine ? AffineFlag : 0, Epsilon, Momentum, 0);

    internal static Layer Read(in LayerRecord record, int inputs)
    {
        LayerKinds.RequireWidth(record, inputs);
        LayerKinds.RequireFlags(record, AffineFlag);
        if (!(float.IsFinite(record.First) && record.First > 0f) || !(record.Second is >= 0f and <= 1f))
        {
            throw new InvalidLayerRecordException($"has ε {record.First} and momentum {record.Second}; ε must be finite and positive, momentum in [0, 1]");
        }

        return new BatchNorm(inputs, record.First, record.Second, (record.Flags & AffineFlag) != 0);
    }

    /// <summary>The batch mean and 1/√(σ² + ε) for backward, and three per-feature rows of scratch for the folded passes.</summary>
    internal override long SavedCount(int capacity) => 5L * Outputs;

    internal override void Initialize(Span<float> parameters, Span<float> state, Random random, WeightInit scheme, float weightScale)
    {
        if (IsAffine)
        {
            parameters[..Outputs].Fill(1f);
            parameters[Outputs..].Clear();
        }

        state[..Outputs].Clear();
        state[Outputs..].Fill(1f);
    }

    internal override void ValidateState(ReadOnlySpan<float> state)
    {
        for (int j = 0; j < Outputs; j++)
        {
            if (state[Outputs + j] < 0f)
            {
                throw new InvalidLayerRecordException($"has running variance {state[Outputs + j]} for feature {j}; a variance is not negative");
            }
        }
    }

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass)
    {
        int features = Outputs;
        Span<float> mean = pass.Saved[..features];
        Span<float> reciprocalStd = pass.Saved.Slice(features, features);
        Span<float> scale = pass.Saved.Slice(2 * features, features);
        Span<float> shift = pass.Saved.Slice(3 * features, features);
        Span<float> runningMean = pass.State[..features];
        Span<float> runningVariance = pass.State.Slice(features, features);
        if (!pass.Training)
        {
            InferenceAffine(pass.Parameters, runningMean, runningVariance, scale, shift);
            Normalization.AffineColumns(input, scale, shift, output, batch, features);
            return;
        }

        // reciprocalStd holds the batch variance until it is turned into 1/√(σ² + ε).
        Normalization.ColumnMeanVariance(input, batch, features, mean, reciprocalStd);
        float unbiased = batch > 1 ? (float)batch / (batch - 1) : 1f;
        for (int j = 0; j < features; j++)
        {
            runningMean[j] = ((1f - Momentum) * runningMean[j]) + (Momentum * mean[j]);
            runningVariance[j] = ((1f - Momentum) * runningVariance[j]) + (Momentum * reciprocalStd[j] * unbiased);
            reciprocalStd[j] = 1f / MathF.Sqrt(reciprocalStd[j] + Epsilon);

            // y = x·s + t with s = γ·rstd and t = β − μ·s: the normalisation and the affine map in one pass.
            scale[j] = Gamma(pass.Parameters, j) * reciprocalStd[j];
            shift[j] = Beta(pass.Parameters, j) - (mean[j] * scale[j]);
        }

        Normalization.AffineColumns(input, scale, shift, output, batch, features);
    }

    /// <summary>
    /// With r = 1/√(σ² + ε), x̂ = (x − μ)·r, k = γ·r, S = Σ dy and C = Σ dy·(x − μ) over the batch: dγ += r·C, dβ += S and
    /// dx = k·dy − k·r²·C/n·(x − μ) − k·S/n, written as one pass dx = p·dy + q·x + s per column.
    /// </summary>
    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        int features = Outputs;
        ReadOnlySpan<float> mean = pass.Saved[..features];
        ReadOnlySpan<float> reciprocalStd = pass.Saved.Slice(features, features);
        Span<float> p = pass.Saved.Slice(2 * features, features);
        Span<float> q = pass.Saved.Slice(3 * features, features);
        Span<float> s = pass.Saved.Slice(4 * features, features);

        // p and q first hold S and C.
        p.Clear();
        q.Clear();
        Normalization.AccumulateColumnSums(dOutput, input, mean, p, q, batch, features);
        if (IsAffine)
        {
            for (int j = 0; j < features; j++)
            {
                pass.Gradients[j] += q[j] * reciprocalStd[j];
                pass.Gradients[features + j] += p[j];
            }
        }

        if (dInput.IsEmpty)
        {
            return;
        }

        float inverseBatch = 1f / batch;
        for (int j = 0; j < features; j++)
        {
            float k = Gamma(pass.Parameters, j) * reciprocalStd[j];
            float slope = -k * reciprocalStd[j] * reciprocalStd[j] * q[j] * inverseBatch;
            s[j] = (-k * p[j] * inverseBatch) - (slope * mean[j]);
            p[j] = k;
            q[j] = slope;
        }

        Normalization.CombineColumns(dOutput, input, p, q, s, dInput, batch, features);
    }

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        int features = Outputs;
        var y = new double[input.Length];
        for (int j = 0; j < features; j++)
        {
            double mean, variance;
            if (training)
            {
                mean = 0;
                for (int b = 0; b < batch; b++)
                {
                    mean += input[(b * features) + j];
                }

                mean /= batch;
                variance = 0;
                for (int b = 0; b < batch; b++)
                {
                    double d = input[(b * features) + j] - mean;
                    variance += d * d;
                }

                variance /= batch;
            }
            else
            {
                mean = state[j];
                variance = state[features + j];
            }

            double gamma = IsAffine ? parameters[j] : 1, beta = IsAffine ? parameters[features + j] : 0;
            double reciprocalStd = 1 / Math.Sqrt(variance + Epsilon);
            for (int b = 0; b < batch; b++)
            {
                y[(b * features) + j] = (gamma * (input[(b * features) + j] - mean) * reciprocalStd) + beta;
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

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        float[] scale = new float[Outputs], shift = new float[Outputs];
        InferenceAffine(parameters, state[..Outputs], state.Slice(Outputs, Outputs), scale, shift);
        return new AffineSampleStep(scale, shift);
    }

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        float[] ones = new float[Outputs], zeros = new float[Outputs];
        ones.AsSpan().Fill(1f);
        string scale = graph.Constant(name + ".weight", IsAffine ? parameters[..Outputs] : ones, Outputs);
        string bias = graph.Constant(name + ".bias", IsAffine ? parameters.Slice(Outputs, Outputs) : zeros, Outputs);
        string mean = graph.Constant(name + ".running_mean", state[..Outputs], Outputs);
        string variance = graph.Constant(name + ".running_var", state.Slice(Outputs, Outputs), Outputs);
        graph.Node("BatchNormalization", name, [input, scale, bias, mean, variance], output, OnnxAttribute.Float("epsilon", Epsilon), OnnxAttribute.Float("momentum", 1f - Momentum));
    }

    /// <summary>The per-feature affine map of the running statistics: scale = γ/√(var + ε), shift = β − mean·scale.</summary>
    internal void InferenceAffine(ReadOnlySpan<float> parameters, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> scale, Span<float> shift)
    {
        for (int j = 0; j < Outputs; j++)
        {
            scale[j] = Gamma(parameters, j) / MathF.Sqrt(runningVariance[j] + Epsilon);
            shift[j] = Beta(parameters, j) - (runningMean[j] * scale[j]);
        }
    }

    private float Gamma(ReadOnlySpan<float> parameters, int feature) => IsAffine ? parameters[feature] : 1f;

    private float Beta(ReadOnlySpan<float> parameters, int feature) => IsAffine ? parameters[Outputs + feature] : 0f;
}
