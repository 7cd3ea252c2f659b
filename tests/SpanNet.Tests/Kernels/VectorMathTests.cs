using System;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Holds the SIMD exp, tanh and sigmoid to the error bounds their docs state, over the float range that matters,
/// sampled densely (every 257th float bit pattern, about eight million values), on every width.
/// </summary>
public class VectorMathTests
{
    private const int Stride = 257;

    [Theory]
    [MemberData(nameof(AvailableWidths))]
    public void Exp_is_within_its_stated_relative_error_from_minus_87_3_to_88_7(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = SampleRange(-87.3f, 88.7f);
        var y = new float[x.Length];
        ElementWise.Apply<ExpOperator>(x, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double relative = Math.Abs(y[i] - Math.Exp(x[i])) / Math.Exp(x[i]);
            worst = Math.Max(worst, relative);
        }

        Assert.True(worst <= Transcendentals.ExpMaxRelativeError, $"worst relative error {worst:E3}");
    }

    [Theory]
    [MemberData(nameof(AvailableWidths))]
    public void Exp_in_the_subnormal_range_is_within_one_subnormal_step_of_MathF(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = SampleRange(-104f, -87.3f);
        var y = new float[x.Length];
        ElementWise.Apply<ExpOperator>(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            // Below the smallest normal the spacing of floats is 2⁻¹⁴⁹ ≈ 1.4e-45: the absolute error that matters there.
            double error = Math.Abs(y[i] - Math.Exp(x[i]));
            Assert.True(error <= (Math.Exp(x[i]) * Transcendentals.ExpMaxRelativeError) + (2 * float.Epsilon), $"x = {x[i]}: {y[i]} vs {Math.Exp(x[i])}");
        }
    }

    [Theory]
    [MemberData(nameof(AvailableWidths))]
    public void Exp_handles_infinities_nan_and_overflow(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f, -0f, 89f, 1000f, -200f, -1000f];
        var y = new float[x.Length];
        ElementWise.Apply<ExpOperator>(x, y);
        Assert.Equal(float.PositiveInfinity, y[0]);
        Assert.Equal(0f, y[1]);
        Assert.True(float.IsNaN(y[2]));
        Assert.Equal(1f, y[3]);
        Assert.Equal(1f, y[4]);
        Assert.Equal(float.PositiveInfinity, y[5]);
        Assert.Equal(float.PositiveInfinity, y[6]);
        Assert.Equal(0f, y[7]);
        Assert.Equal(0f, y[8]);
    }

    [Theory]
    [MemberData(nameof(AvailableWidths))]
    public void Tanh_is_within_its_stated_relative_error_everywhere(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = SampleRange(-20f, 20f);
        var y = new float[x.Length];
        ElementWise.Apply<TanhOperator>(x, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tanh(x[i]);
            if (expected != 0)
            {
                worst = Math.Max(worst, Math.Abs(y[i] - expected) / Math.Abs(expected));
            }
        }

        Assert.True(worst <= Activations.TanhMaxRelativeError, $"worst relative error {worst:E3}");

        float[] special = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f, 1e-30f];
        var result = new float[special.Length];
        ElementWise.Apply<TanhOperator>(special, result);
        Assert.Equal([1f, -1f], result[..2]);
        Assert.True(float.IsNaN(result[2]));
        Assert.Equal(0f, result[3]);
        Assert.True(Math.Abs(result[4] - 1e-30) <= 1e-30 * Activations.TanhMaxRelativeError, $"tanh(1e-30) = {result[4]}");
    }

    [Theory]
    [MemberData(nameof(AvailableWidths))]
    public void Sigmoid_is_within_its_stated_relative_error(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = SampleRange(-87f, 88f);
        var y = new float[x.Length];
        ElementWise.Apply<SigmoidOperator>(x, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = 1 / (1 + Math.Exp(-(double)x[i]));
            worst = Math.Max(worst, Math.Abs(y[i] - expected) / expected);
        }

        Assert.True(worst <= Activations.SigmoidMaxRelativeError, $"worst relative error {worst:E3}");

        float[] special = [float.PositiveInfinity, float.NegativeInfinity, float.NaN];
        var result = new float[special.Length];
        ElementWise.Apply<SigmoidOperator>(special, result);
        Assert.Equal(1f, result[0]);
        Assert.Equal(0f, result[1]);
        Assert.True(float.IsNaN(result[2]));
    }

    public static TheoryData<SimdWidth> AvailableWidths()
    {
        var data = new TheoryData<SimdWidth>();
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            data.Add(width);
        }

        return data;
    }

    /// <summary>Every <see cref="Stride"/>th float between the bounds, walking the bit patterns so every binade is covered.</summary>
    private static float[] SampleRange(float low, float high)
    {
        var values = new System.Collections.Generic.List<float>();
        for (float v = low; v < high; v = StepUp(v))
        {
            values.Add(v);
        }

        values.Add(high);
        return values.ToArray();
    }

    private static float StepUp(float v)
    {
        int bits = BitConverter.SingleToInt32Bits(v);
        if (v < 0)
        {
            // Negative floats grow toward zero as their magnitude bits shrink.
            int next = bits - Stride;
            return next < unchecked((int)0x80000000) ? 0f : BitConverter.Int32BitsToSingle(next);
        }

        return v == 0 ? float.Epsilon : BitConverter.Int32BitsToSingle(bits + Stride);
    }
}
