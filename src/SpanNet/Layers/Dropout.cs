using System;
using System.Globalization;

namespace SpanNet.Layers;

/// <summary>
/// Inverted dropout (PyTorch's <c>nn.Dropout</c>): in training each value is kept with probability 1 − p and scaled by
/// 1/(1 − p), or zeroed; at inference the layer is the identity and costs nothing (the inference model folds it away).
/// </summary>
/// <remarks>
/// The masks come from a counter-based generator keyed by the network's seed, the training pass's number and the
/// layer (<see cref="LayerPass.RandomKey"/>), hashed with each element's index: training with the same seed draws the
/// same masks, bit for bit, at any thread count. A training pass saves its mask (the kept scale or 0 per value) for the
/// backward pass.
/// </remarks>
public sealed class Dropout : Layer
{
    internal const int Code = 22;

    internal Dropout(int features, float probability)
        : base(features, features)
    {
        if (!(probability is >= 0f and < 1f))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(probability), $"the dropout probability must be in [0, 1); it was {probability}.");
        }

        Probability = probability;
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Dropout;

    /// <summary>p, the probability that a value is zeroed in training.</summary>
    public float Probability { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Dropout p={Probability}");

    internal override LayerRecord Record => new(Code, Outputs, 0, Probability, 0f, 0);

    internal static Layer Read(in LayerRecord record, int inputs)
    {
        LayerKinds.RequireWidth(record, inputs);
        LayerKinds.RequireFlags(record, 0);
        if (!(record.First is >= 0f and < 1f) || BitConverter.SingleToInt32Bits(record.Second) != 0)
        {
            throw new InvalidLayerRecordException($"has probability {record.First} and second number {record.Second}; the probability must be in [0, 1), the second number 0");
        }

        return new Dropout(inputs, record.First);
    }

    /// <summary>The mask of the last training pass: one scale (1/(1 − p) or 0) per value.</summary>
    internal override long SavedCount(int capacity) => (long)capacity * Outputs;

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass)
    {
        int count = batch * Outputs;
        if (!pass.Training)
        {
            input[..count].CopyTo(output);
            return;
        }

        Span<float> mask = pass.Saved[..count];
        float keep = 1f / (1f - Probability);

        // A draw is the top 24 bits of the hash, a uniform in [0, 1) on a grid of 2⁻²⁴, kept where it is at least p.
        uint threshold = (uint)Math.Ceiling(Probability * (1 << 24));
        for (int i = 0; i < count; i++)
        {
            uint draw = (uint)(Mix(pass.RandomKey + (ulong)i) >> 40);
            mask[i] = draw >= threshold ? keep : 0f;
        }

        Kernels.Normalization.Multiply(input[..count], mask, output[..count]);
    }

    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        if (!dInput.IsEmpty)
        {
            int count = batch * Outputs;
            Kernels.Normalization.Multiply(dOutput[..count], pass.Saved[..count], dInput[..count]);
        }
    }

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        var y = new double[input.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = training ? input[i] * saved[i] : input[i];
        }

        return y;
    }

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        float[] ones = new float[Outputs];
        ones.AsSpan().Fill(1f);
        return new AffineSampleStep(ones, new float[Outputs]);
    }

    /// <summary>At inference dropout is the identity, which ONNX writes as <c>Identity</c>.</summary>
    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        graph.Node("Identity", name, [input], output);

    /// <summary>SplitMix64's finaliser: a bijective mix of 64 bits, so distinct counters give independent-looking draws.</summary>
    internal static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
