using System;
using System.Runtime.InteropServices;
using SpanNet.Kernels.LowPrecision;

namespace SpanNet.Layers;

/// <summary>
/// A dense layer for one sample with int8 weights (<see cref="Int8Weights"/>: one scale per output) and the input row
/// quantized on the fly, run by <see cref="Int8Affine"/>; the bias stays fp32. Its byte and integer scratch is carved
/// out of the session's two spare rows, so a call allocates nothing and the step stays immutable.
/// </summary>
internal sealed class Int8DenseSampleStep : SampleStep
{
    private readonly Int8Weights _weights;
    private readonly float[] _bias;

    /// <param name="inputs">The layer's inputs, at most <see cref="Int8Weights.MaxInputs"/>.</param>
    /// <param name="outputs">The layer's outputs.</param>
    /// <param name="weights">[inputs, outputs] fp32 weights, finite; quantized here.</param>
    /// <param name="paddedBias">Int8Weights.Stride floats, zero in the padding; copied.</param>
    public Int8DenseSampleStep(int inputs, int outputs, ReadOnlySpan<float> weights, ReadOnlySpan<float> paddedBias)
        : base(inputs, outputs)
    {
        _weights = Int8Weights.Quantize(weights, inputs, outputs);
        _bias = paddedBias[.._weights.Stride].ToArray();
    }

    public override int Stride => _weights.Stride;

    /// <summary>
    /// Row A holds the quantized input (bytes, four to a float), row B the integer sums (one int per float), so each
    /// row needs the larger of the two.
    /// </summary>
    public override int ScratchLength => Math.Max(QuantizedFloats, _weights.Stride);

    private int QuantizedFloats => (Int8Affine.QuantizedLength(_weights) + sizeof(float) - 1) / sizeof(float);

    public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB)
    {
        Span<byte> quantized = MemoryMarshal.AsBytes(scratchA[..QuantizedFloats])[..Int8Affine.QuantizedLength(_weights)];
        Span<int> sums = MemoryMarshal.Cast<float, int>(scratchB[.._weights.Stride]);
        Int8Affine.Single(input[..Inputs], _weights, _bias, output[.._weights.Stride], quantized, sums);
    }
}
