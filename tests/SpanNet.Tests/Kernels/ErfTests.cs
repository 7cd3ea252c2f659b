using System;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// The vectorised erf against the double reference: sampled densely over every binade of both signs (the whole-range
/// sweep of docs/ACCURACY.md visits every float; this keeps the bound in the suite), and at its special values.
/// </summary>
public class ErfTests
{
    // Every 4099th bit pattern: about a million floats, every binade from the smallest subnormal to the largest float.
    private const int Stride = 4099;

    // A subnormal erf (|x| < 1e-38) is 2x/√π rounded once more than the float it is computed from: one step.
    private const double SubnormalSteps = 1;

    [Theory]
    [MemberData(nameof(VectorMathTests.AvailableWidths), MemberType = typeof(VectorMathTests))]
    public void Erf_is_within_its_stated_relative_error_over_the_whole_float_range(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = EveryNthFiniteFloat(Stride);
        var y = new float[x.Length];
        Transcendentals.Erf(x, y);
        ActivationAssert.Forward(x, y, v => NaiveKernels.Erf(v), Transcendentals.ErfMaxRelativeError, SubnormalSteps, $"erf on {width}");
    }

    [Theory]
    [MemberData(nameof(VectorMathTests.AvailableWidths), MemberType = typeof(VectorMathTests))]
    public void Erf_keeps_the_sign_of_zero_saturates_to_exactly_one_and_passes_nan(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 3.92f, -3.92f, 10.5f, 1e30f, -float.MaxValue, 1e-30f, 0.9f, -0.9f];
        var y = new float[x.Length];
        Transcendentals.Erf(x, y);
        Assert.True(y[0] == 0f && !float.IsNegative(y[0]), $"erf(0) = {y[0]}");
        Assert.True(y[1] == 0f && float.IsNegative(y[1]), $"erf(−0) = {y[1]}");
        Assert.Equal([1f, -1f], y[2..4]);
        Assert.True(float.IsNaN(y[4]));

        // erf(3.92) = 1 − 2.4e-8: the nearest float is 1.
        Assert.Equal([1f, -1f, 1f, 1f, -1f], y[5..10]);
        Assert.Equal(NaiveKernels.Erf(x[10]), y[10], NaiveKernels.Erf(x[10]) * Transcendentals.ErfMaxRelativeError);

        // Either side of the switch from the series to 1 − erfc.
        Assert.Equal(NaiveKernels.Erf(0.9f), y[11], NaiveKernels.Erf(0.9f) * Transcendentals.ErfMaxRelativeError);
        Assert.Equal(-y[11], y[12]);
    }

    [Theory]
    [MemberData(nameof(VectorMathTests.AvailableWidths), MemberType = typeof(VectorMathTests))]
    public void Erf_is_odd_bit_for_bit(SimdWidth width)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        float[] x = RandomValues.Uniform(1001, 7, scale: 6f);
        float[] negated = Array.ConvertAll(x, v => -v);
        float[] y = new float[x.Length], z = new float[x.Length];
        Transcendentals.Erf(x, y);
        Transcendentals.Erf(negated, z);
        ActivationAssert.SameBits(Array.ConvertAll(y, v => -v), z, $"erf(−x) on {width}");
    }

    private static float[] EveryNthFiniteFloat(int stride)
    {
        var values = new System.Collections.Generic.List<float>();
        for (long bits = 0; bits <= uint.MaxValue; bits += stride)
        {
            float v = BitConverter.UInt32BitsToSingle((uint)bits);
            if (float.IsFinite(v))
            {
                values.Add(v);
            }
        }

        return values.ToArray();
    }
}
