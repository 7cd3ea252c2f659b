using System;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>Element-by-element comparisons of an activation kernel's floats with a double reference.</summary>
internal static class ActivationAssert
{
    /// <summary>2⁻¹⁴⁹, the spacing of subnormal floats: the absolute error that matters where a result is subnormal.</summary>
    public const double SubnormalStep = 1.4012984643248171e-45;

    /// <summary>
    /// Every <c>actual[i]</c> within <c>relative·|expected| + floor</c> of <c>expected(i)</c>; NaN only where the
    /// reference is NaN.
    /// </summary>
    public static void Within(Func<int, double> expected, float[] actual, Func<int, double> tolerance, string what, float[] x)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            double e = expected(i);
            if (double.IsNaN(e))
            {
                Assert.True(float.IsNaN(actual[i]), $"{what}: element {i} (x = {x[i]:R}) is {actual[i]:R}, expected NaN");
                continue;
            }

            double error = Math.Abs(actual[i] - e);
            double bound = tolerance(i);
            Assert.True(error <= bound, $"{what}: element {i} (x = {x[i]:R}) is {actual[i]:R}, expected {e:R} (error {error:E3} > {bound:E3})");
        }
    }

    /// <summary>A forward pass within a relative error, with a floor of some subnormal steps.</summary>
    public static void Forward(float[] x, float[] y, Func<float, double> reference, double relative, double subnormalSteps, string what) =>
        Within(i => reference(x[i]), y, i => (relative * Math.Abs(reference(x[i]))) + (subnormalSteps * SubnormalStep), what, x);

    /// <summary>The same bits (NaN payloads aside), element by element.</summary>
    public static void SameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])
                || (float.IsNaN(expected[i]) && float.IsNaN(actual[i]));
            Assert.True(same, $"{what}: element {i} is {actual[i]:R}, expected exactly {expected[i]:R}");
        }
    }
}
