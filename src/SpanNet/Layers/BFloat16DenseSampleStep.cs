using System;
using SpanNet.Kernels;
using SpanNet.Kernels.LowPrecision;

namespace SpanNet.Layers;

/// <summary>
/// A dense layer for one sample with bfloat16 weights (<see cref="BFloat16Weights"/>: <see cref="DenseSampleStep"/>'s
/// padded rows at half the bytes, each 32 outputs interleaved for widening), run by <see cref="BFloat16Affine"/> with
/// fp32 bias and sums.
/// </summary>
internal sealed class BFloat16DenseSampleStep : SampleStep
{
    private readonly BFloat16Weights _weights;
    private readonly float[] _bias;

    /// <param name="inputs">The layer's inputs.</param>
    /// <param name="outputs">The layer's outputs.</param>
    /// <param name="stride">The padded row length, a multiple of <see cref="SparseGemv.StrideFloats"/>.</param>
    /// <param name="paddedWeights">[inputs, stride] fp32 weights, zero in the padding; rounded to bfloat16 here.</param>
    /// <param name="paddedBias">stride floats, zero in the padding; copied.</param>
    public BFloat16DenseSampleStep(int inputs, int outputs, int stride, ReadOnlySpan<float> paddedWeights, ReadOnlySpan<float> paddedBias)
        : base(inputs, outputs)
    {
        _weights = BFloat16Weights.Round(paddedWeights, inputs, outputs, stride);
        _bias = paddedBias[..stride].ToArray();
    }

    public override int Stride => _weights.Stride;

    public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB) =>
        BFloat16Affine.Single(input[..Inputs], _weights, _bias, output[.._weights.Stride]);
}
