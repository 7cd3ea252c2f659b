using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// GELU (both forms), SiLU and softplus against their double references, forward and backward, at every width and
/// the scalar path, over lengths reaching every branch of the drivers and values from subnormal to 1e4.
/// </summary>
public class SmoothActivationProperties
{
    // Where a forward result is subnormal, its error in steps of 2⁻¹⁴⁹, from the whole-range sweep (docs/ACCURACY.md)
    // rounded up: GELU and SiLU round a product of normal factors (2.6 and 1.7 steps), softplus divides by β (3 steps),
    // the tanh form carries its argument's rounding, ~|v|·2⁻²⁴ relative, into results ≤ 2⁻¹²⁶ (106 steps measured).
    private const double GeluSubnormalSteps = 4;
    private const double SiluSubnormalSteps = 4;
    private const double SoftplusSubnormalSteps = 4;
    private const double GeluTanhSubnormalSteps = 128;

    // A backward pass is a sum of terms (Φ and x·φ; σ and x·σ·(1 − σ)·v′), each from Exp (2.5e-7, doubled where e^−|v|
    // is formed as h·h) and the Gaussian tail fit, times up to four roundings of 6e-8: 1e-6 of the terms' magnitudes.
    private const double BackwardTermRelative = 1e-6;

    // The tanh form's logistic argument v = x·(a + b·x²) is rounded three times and its constants once each: about
    // 2.4e-7 relative, which e^v turns into 2.4e-7·|v| relative in σ(v) or 1 − σ(v).
    private const double GeluTanhArgumentRelative = 2.4e-7;

    // Backward results far below the normal range (σ(x) for x ≈ −100 is 1e-44) are formed from subnormal factors:
    // a few hundred steps of 2⁻¹⁴⁹, scaled by |x| ≤ 100 in SiLU's 1 + x(1 − σ). 1e-40 bounds them all.
    private const double BackwardFloor = 1e-40;

    private const float SoftplusBeta = 0.75f;
    private const float SoftplusThreshold = 15f;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Forward_passes_match_the_double_reference_on_every_width(LengthCase c)
    {
        float[] x = WideValues.Mixed(c.Length, c.Seed);
        var y = new float[c.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.Gelu(x, y);
            ActivationAssert.Forward(x, y, v => NaiveKernels.Gelu(v), Activations.GeluMaxRelativeError, GeluSubnormalSteps, $"gelu on {width}");

            Activations.GeluTanh(x, y);
            ActivationAssert.Forward(x, y, v => NaiveKernels.GeluTanh(v), Activations.GeluTanhMaxRelativeError, GeluTanhSubnormalSteps, $"gelu tanh on {width}");

            Activations.Silu(x, y);
            ActivationAssert.Forward(x, y, v => NaiveKernels.Silu(v), Activations.SiluMaxRelativeError, SiluSubnormalSteps, $"silu on {width}");

            Activations.Softplus(x, Activations.SoftplusDefaultBeta, Activations.SoftplusDefaultThreshold, y);
            ActivationAssert.Forward(
                x, y, v => NaiveKernels.Softplus(v, 1f, 20f), Activations.SoftplusMaxRelativeError, SoftplusSubnormalSteps, $"softplus on {width}");

            // Another β adds the one rounding of the division by β (6e-8).
            Activations.Softplus(x, SoftplusBeta, SoftplusThreshold, y);
            ActivationAssert.Forward(
                x, y, v => NaiveKernels.Softplus(v, SoftplusBeta, SoftplusThreshold), Activations.SoftplusMaxRelativeError + 6e-8, SoftplusSubnormalSteps, $"softplus β = 0.75 on {width}");
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Backward_passes_match_the_double_reference_on_every_width(LengthCase c)
    {
        float[] x = WideValues.Mixed(c.Length, c.Seed);
        float[] dy = RandomValues.Uniform(c.Length, c.Seed + 1);
        var dx = new float[c.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.GeluBackward(dy, x, dx);
            ActivationAssert.Within(
                i => dy[i] * NaiveKernels.GeluDerivative(x[i]),
                dx,
                i => Math.Abs(dy[i]) * ((BackwardTermRelative * (NaiveKernels.NormalCdf(x[i]) + Math.Abs(x[i] * NaiveKernels.NormalDensity(x[i])))) + BackwardFloor),
                $"gelu backward on {width}",
                x);

            Activations.GeluTanhBackward(dy, x, dx);
            ActivationAssert.Within(i => dy[i] * NaiveKernels.GeluTanhDerivative(x[i]), dx, i => GeluTanhBackwardTolerance(x[i], dy[i]), $"gelu tanh backward on {width}", x);

            Activations.SiluBackward(dy, x, dx);
            ActivationAssert.Within(
                i => dy[i] * NaiveKernels.SiluDerivative(x[i]),
                dx,
                i => Math.Abs(dy[i]) * ((BackwardTermRelative * LogisticTerms(x[i], x[i], 1)) + BackwardFloor),
                $"silu backward on {width}",
                x);

            Activations.SoftplusBackward(dy, x, SoftplusBeta, SoftplusThreshold, dx);
            ActivationAssert.Within(
                i => dy[i] * NaiveKernels.SoftplusDerivative(x[i], SoftplusBeta, SoftplusThreshold),
                dx,
                i => Math.Abs(dy[i]) * ((BackwardTermRelative * NaiveKernels.SoftplusDerivative(x[i], SoftplusBeta, SoftplusThreshold)) + BackwardFloor),
                $"softplus backward on {width}",
                x);
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void Every_width_gives_the_same_bits_and_in_place_gives_the_same_bits(LengthCase c)
    {
        float[] x = WideValues.Mixed(c.Length, c.Seed);
        float[] dy = RandomValues.Uniform(c.Length, c.Seed + 1);
        foreach ((string name, Action<float[], float[]> forward, Action<float[], float[], float[]> backward) in Kernels())
        {
            float[] expected = new float[c.Length], expectedGradient = new float[c.Length];
            using (WidthDispatcher.Force(SimdWidth.Scalar))
            {
                forward(x, expected);
                backward(dy, x, expectedGradient);
            }

            foreach (SimdWidth width in Widths.Available)
            {
                using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
                var y = new float[c.Length];
                forward(x, y);
                ActivationAssert.SameBits(expected, y, $"{name} on {width}");

                float[] inPlace = (float[])x.Clone();
                forward(inPlace, inPlace);
                ActivationAssert.SameBits(expected, inPlace, $"{name} in place on {width}");

                float[] gradientInPlace = (float[])dy.Clone();
                backward(gradientInPlace, x, gradientInPlace);
                ActivationAssert.SameBits(expectedGradient, gradientInPlace, $"{name} backward in place on {width}");
            }
        }
    }

    [Fact]
    public void Infinities_nan_zeros_and_the_softplus_threshold_come_out_as_documented()
    {
        float[] x = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f, -0f, 1e-45f, -1e4f, 1e4f];
        var y = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            foreach ((string name, Action<float[], float[]> forward, _) in Kernels())
            {
                forward(x, y);
                Assert.True(float.IsNaN(y[2]), $"{name} on {width}: NaN gave {y[2]}");
                Assert.Equal(1e4f, y[7]);
                if (name != "softplus")
                {
                    Assert.Equal(0f, y[3]);
                    Assert.Equal(0f, y[4]);
                }
            }

            Activations.Gelu(x, y);
            Assert.Equal(float.PositiveInfinity, y[0]);
            Assert.True(float.IsNaN(y[1]), $"gelu(−∞) on {width} is {y[1]}, documented NaN as torch");
            Assert.Equal(0f, y[6]);
            Assert.True(y[6] == 0f && float.IsNegative(y[6]), $"gelu(−1e4) on {width} is {y[6]}, the −0 of an underflowed negative product");

            Activations.Silu(x, y);
            Assert.Equal(float.PositiveInfinity, y[0]);
            Assert.True(float.IsNaN(y[1]));

            Activations.Softplus(x, 1f, 20f, y);
            Assert.Equal(MathF.Log(2f), y[3], 1e-7f);
            Assert.Equal(float.PositiveInfinity, y[0]);
            Assert.Equal(0f, y[1]);
            Assert.Equal(0f, y[6]);

            // torch compares the rounded β·x with the threshold: 20 itself takes the logarithm (which rounds to 20), the
            // next float up is returned as it is.
            float above = MathF.BitIncrement(20f);
            float[] edge = [20f, above, 10f, above / 2];
            var result = new float[edge.Length];
            Activations.Softplus(edge, 2f, 20f, result);
            Assert.Equal(edge[2], result[2]);   // 2·10 = 20, not above: log(1 + e^20)/2 = 10 + 1e-9, which rounds to 10
            Assert.Equal(edge[3], result[3]);
            float[] half = [0.5f, 0.5f, 0.5f, 0.5f];
            Activations.SoftplusBackward(half, [-3f, 0f, 1f, above / 2], 2f, 20f, result);
            Assert.Equal(0.5f, result[3]);
            Assert.Equal(0.25f, result[1]);
            Assert.Equal(0.5 * NaiveKernels.Logistic(-6), result[0], 1e-7);
            Assert.Equal(0.5 * NaiveKernels.Logistic(2), result[2], 1e-7);
        }
    }

    /// <summary>σ(v) + |x·σ(v)·(1 − σ(v))·slope|, the magnitudes of SiLU's (v = x, slope 1) and the tanh form's two terms.</summary>
    private static double LogisticTerms(double x, double v, double slope)
    {
        double sigma = NaiveKernels.Logistic(v), complement = NaiveKernels.Logistic(-v);
        return sigma + Math.Abs(x * sigma * complement * slope);
    }

    private static double GeluTanhBackwardTolerance(float x, float dy)
    {
        double v = NaiveKernels.GeluTanhArgument(x);
        double slope = 2 * Math.Sqrt(2 / Math.PI) * (1 + (3 * 0.044715 * x * (double)x));
        return Math.Abs(dy) * (((BackwardTermRelative + (GeluTanhArgumentRelative * Math.Abs(v))) * LogisticTerms(x, v, slope)) + BackwardFloor);
    }

    private static (string Name, Action<float[], float[]> Forward, Action<float[], float[], float[]> Backward)[] Kernels() =>
    [
        ("gelu", (x, y) => Activations.Gelu(x, y), (dy, x, dx) => Activations.GeluBackward(dy, x, dx)),
        ("gelu tanh", (x, y) => Activations.GeluTanh(x, y), (dy, x, dx) => Activations.GeluTanhBackward(dy, x, dx)),
        ("silu", (x, y) => Activations.Silu(x, y), (dy, x, dx) => Activations.SiluBackward(dy, x, dx)),
        ("softplus", (x, y) => Activations.Softplus(x, SoftplusBeta, SoftplusThreshold, y), (dy, x, dx) => Activations.SoftplusBackward(dy, x, SoftplusBeta, SoftplusThreshold, dx)),
    ];
}
