using System;
using System.Diagnostics.CodeAnalysis;
using SpanNet.Kernels;
using SpanNet.Memory;

namespace SpanNet.Layers;

/// <summary>
/// A dense layer for one sample: weights [inputs, stride] with rows padded to whole 64-byte cache lines and a bias row
/// of the same stride (zeros where the layer has none, and in the padding), run by the zero-skipping <see cref="SparseGemv"/>.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "An unpooled AlignedBuffer is a pinned managed array with nothing to release; the model sharing this step has no safe moment to dispose it.")]
internal sealed class DenseSampleStep : SampleStep
{
    private readonly AlignedBuffer _numbers;
    private readonly int _stride;

    public DenseSampleStep(int inputs, int outputs, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
        : base(inputs, outputs)
    {
        _stride = SparseGemv.PaddedStride(outputs);

        // Zero-filled, so the padding columns of every row and of the bias are 0 and padded outputs come out 0.
        _numbers = new AlignedBuffer(checked((inputs + 1) * _stride));
        Span<float> numbers = _numbers.Span;
        for (int row = 0; row < inputs; row++)
        {
            weights.Slice(row * outputs, outputs).CopyTo(numbers.Slice(row * _stride, outputs));
        }

        bias.CopyTo(numbers.Slice(inputs * _stride, outputs));
    }

    public override int Stride => _stride;

    public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB)
    {
        ReadOnlySpan<float> numbers = _numbers.Span;
        SparseGemv.Affine(input, numbers[..(Inputs * _stride)], _stride, numbers.Slice(Inputs * _stride, _stride), output[.._stride]);
    }

    public override SampleStep ConvertDense(Func<DenseSampleStep, SampleStep> convert) => convert(this);

    /// <summary>This step with its weights rounded to bfloat16 (after any folded affine map); the bias stays fp32.</summary>
    public BFloat16DenseSampleStep ToBFloat16()
    {
        ReadOnlySpan<float> numbers = _numbers.Span;
        return new BFloat16DenseSampleStep(Inputs, Outputs, _stride, numbers[..(Inputs * _stride)], numbers.Slice(Inputs * _stride, _stride));
    }

    /// <summary>This step with its weights quantized to int8 per output (after any folded affine map); the bias stays fp32.</summary>
    public Int8DenseSampleStep ToInt8()
    {
        // Int8Weights takes the unpadded [inputs, outputs] matrix and lays it out four inputs deep itself.
        ReadOnlySpan<float> numbers = _numbers.Span;
        float[] weights = new float[checked(Inputs * Outputs)];
        for (int row = 0; row < Inputs; row++)
        {
            numbers.Slice(row * _stride, Outputs).CopyTo(weights.AsSpan(row * Outputs, Outputs));
        }

        return new Int8DenseSampleStep(Inputs, Outputs, weights, numbers.Slice(Inputs * _stride, _stride));
    }

    /// <summary>
    /// <c>(x·W + b)·s + t = x·(W·diag(s)) + (b·s + t)</c>: each weight column and the bias are scaled and the shift is
    /// added to the bias, so a BatchNorm (or any per-feature affine map) after a dense layer costs nothing at inference.
    /// </summary>
    public override bool TryAbsorbAffine(ReadOnlySpan<float> scale, ReadOnlySpan<float> shift)
    {
        Span<float> numbers = _numbers.Span;
        for (int row = 0; row <= Inputs; row++)
        {
            Span<float> values = numbers.Slice(row * _stride, Outputs);
            for (int j = 0; j < values.Length; j++)
            {
                values[j] *= scale[j];
            }
        }

        Span<float> bias = numbers.Slice(Inputs * _stride, Outputs);
        for (int j = 0; j < bias.Length; j++)
        {
            bias[j] += shift[j];
        }

        return true;
    }
}
