using System;
using SpanNet.Kernels;
using SpanNet.Kernels.LowPrecision;

namespace SpanNet.Layers;

/// <summary>
/// A dense layer for one sample with bfloat16 weights: <see cref="DenseSampleStep"/>'s layout (rows padded to whole
/// cache lines of outputs, padding zero) at half the bytes, run by <see cref="BFloat16Affine"/> with fp32 bias and sums.
/// </summary>
internal sealed class BFloat16DenseSampleStep : SampleStep
{
    private readonly ushort[] _weights;
    private readonly float[] _bias;
    private readonly int _stride;

    /// <param name="inputs">The layer's inputs.</param>
    /// <param name="outputs">The layer's outputs.</param>
    /// <param name="stride">The padded row length, a multiple of <see cref="SparseGemv.StrideFloats"/>.</param>
    /// <param name="paddedWeights">[inputs, stride] fp32 weights, zero in the padding; rounded to bfloat16 here.</param>
    /// <param name="paddedBias">stride floats, zero in the padding; copied.</param>
    public BFloat16DenseSampleStep(int inputs, int outputs, int stride, ReadOnlySpan<float> paddedWeights, ReadOnlySpan<float> paddedBias)
        : base(inputs, outputs)
    {
        _stride = stride;
        _weights = new ushort[checked(inputs * stride)];
        BFloat16.FromSingle(paddedWeights[.._weights.Length], _weights);
        _bias = paddedBias[..stride].ToArray();
    }

    public override int Stride => _stride;

    public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB) =>
        BFloat16Affine.Single(input[..Inputs], _weights, _stride, _bias, output[.._stride]);
}
