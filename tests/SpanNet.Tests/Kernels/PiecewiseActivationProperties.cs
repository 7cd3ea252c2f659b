using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Hard swish, hard sigmoid and clip against their double references at every width, and their backward passes at
/// the exact boundaries, where torch's conventions (checked against torch 1.13's autograd) decide the value.
/// </summary>
public class PiecewiseActivationProperties
{
    // x·(clamp(x + 3, 0, 6)·(1/6)): x + 3, the product with 1/6 (itself 1e-8 off) and the product with x each round
    // once, 1.8e-7 measured over every float (HardSwishMaxRelativeError); a subnormal result rounds once more.
    private const double HardSwishSubnormalSteps = 1;

    // The ramp dy·(x/3 + 1/2): 1/3 is 3e-8 off in float, then one fused rounding of x/3 + 1/2 and one of the product;
    // relative to the terms' magnitudes |dy|·(|x|/3 + 1/2), since x/3 + 1/2 cancels near x = −1.5 (as torch's does).
    private const double HardSwishBackwardRelative = 1.8e-7;

    // Clip and the hard sigmoid's backward pass select or multiply once: α·dy is one correctly rounded product.
    private const double OneRounding = 6e-8;

    private const float Alpha = 0.2f;
    // β in [0.5, 2], where β − 1 is exact and the backward pass decides 0 < αx + β < 1 exactly (its documented range).
    private const float Beta = 0.6f;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Forward_and_backward_match_the_reference_on_every_width(LengthCase c)
    {
        float[] x = WideValues.Mixed(c.Length, c.Seed);
        float[] dy = RandomValues.Uniform(c.Length, c.Seed + 1);
        var y = new float[c.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.HardSwish(x, y);
            ActivationAssert.Forward(x, y, v => NaiveKernels.HardSwish(v), Activations.HardSwishMaxRelativeError, HardSwishSubnormalSteps, $"hard swish on {width}");
            Activations.HardSwishBackward(dy, x, y);
            ActivationAssert.Within(
                i => dy[i] * NaiveKernels.HardSwishDerivative(x[i]),
                y,
                i => HardSwishBackwardRelative * Math.Abs(dy[i]) * (Math.Abs(x[i]) <= 3 ? (Math.Abs(x[i]) / 3) + 0.5 : 1),
                $"hard swish backward on {width}",
                x);

            Activations.HardSigmoid(x, Alpha, Beta, y);
            ActivationAssert.Within(
                i => NaiveKernels.HardSigmoid(x[i], Alpha, Beta), y, _ => Activations.HardSigmoidMaxAbsoluteError, $"hard sigmoid on {width}", x);
            Activations.HardSigmoidBackward(dy, x, Alpha, Beta, y);
            ActivationAssert.Within(
                i => dy[i] * NaiveKernels.HardSigmoidDerivative(x[i], Alpha, Beta),
                y,
                i => OneRounding * Math.Abs(dy[i] * NaiveKernels.HardSigmoidDerivative(x[i], Alpha, Beta)),
                $"hard sigmoid backward on {width}",
                x);

            Activations.Clip(x, -1.5f, 6f, y);
            ActivationAssert.Within(i => NaiveKernels.Clip(x[i], -1.5, 6), y, _ => 0, $"clip on {width}", x);
            Activations.ClipBackward(dy, x, -1.5f, 6f, y);
            ActivationAssert.Within(i => dy[i] * NaiveKernels.ClipDerivative(x[i], -1.5, 6), y, _ => 0, $"clip backward on {width}", x);
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void Every_width_and_in_place_give_the_same_bits(LengthCase c)
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
                float[] inPlace = (float[])x.Clone();
                forward(inPlace, inPlace);
                ActivationAssert.SameBits(expected, inPlace, $"{name} in place on {width}");

                float[] gradient = (float[])x.Clone();
                backward(dy, gradient, gradient);
                ActivationAssert.SameBits(expectedGradient, gradient, $"{name} backward over its input on {width}");
            }
        }
    }

    [Fact]
    public void Hard_swish_backward_takes_torchs_values_at_minus_three_and_three()
    {
        float[] x = [-3f, 3f, MathF.BitDecrement(-3f), MathF.BitIncrement(3f), MathF.BitIncrement(-3f), MathF.BitDecrement(3f), 0f, float.NaN];
        float[] dy = [2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f];
        var dx = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.HardSwishBackward(dy, x, dx);

            // torch 1.13: hardswish'(−3) = −0.5, hardswish'(3) = 1.5 (both ends on the ramp), 0 below −3, 1 above 3.
            Assert.Equal(-1f, dx[0]);
            Assert.Equal(3f, dx[1]);
            Assert.Equal(0f, dx[2]);
            Assert.Equal(2f, dx[3]);
            Assert.Equal(2f * (float)((2 * (double)x[4]) + 3) / 6f, dx[4], 1e-6f);
            Assert.Equal(2f * (float)((2 * (double)x[5]) + 3) / 6f, dx[5], 1e-6f);
            Assert.Equal(1f, dx[6]);
            Assert.True(float.IsNaN(dx[7]));

            Activations.HardSwish(x, dx);
            Assert.True(dx[0] == 0f && float.IsNegative(dx[0]), $"hard swish(−3) on {width} is {dx[0]}, torch's −0");
            Assert.Equal(3f, dx[1]);
            Assert.Equal(x[3], dx[3]);
        }
    }

    [Fact]
    public void Hard_sigmoid_backward_passes_exactly_the_floats_torch_passes_with_its_alpha_and_beta()
    {
        float[] x = [-3f, 3f, MathF.BitIncrement(-3f), MathF.BitDecrement(3f), 0f, -10f, 10f, float.NaN];
        var dx = new float[x.Length];
        var y = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.HardSigmoidBackward([1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], x, Activations.HardSigmoidTorchAlpha, Activations.HardSigmoidTorchBeta, dx);

            // torch 1.13's hardsigmoid_backward: 1/6 strictly inside (−3, 3), 0 at both ends and outside.
            float sixth = Activations.HardSigmoidTorchAlpha;
            Assert.Equal([0f, 0f, sixth, sixth, sixth, 0f, 0f, 0f], dx);

            Activations.HardSigmoid(x, Activations.HardSigmoidTorchAlpha, Activations.HardSigmoidTorchBeta, y);
            Assert.Equal(0f, y[0]);
            Assert.Equal(1f, y[1]);
            Assert.Equal(0.5f, y[4]);
            Assert.True(float.IsNaN(y[7]));
        }
    }

    [Fact]
    public void Clip_backward_passes_gradient_only_strictly_inside_as_hardtanh_backward_does()
    {
        float[] x = [0f, 6f, 3f, MathF.BitIncrement(0f), MathF.BitDecrement(6f), -1f, 7f, float.NaN];
        float[] dy = [5f, 5f, 5f, 5f, 5f, 5f, 5f, 5f];
        var dx = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.ClipBackward(dy, x, 0f, 6f, dx);

            // torch 1.13's relu6 backward: 0 at x = 0 and x = 6, the gradient strictly between.
            Assert.Equal([0f, 0f, 5f, 5f, 5f, 0f, 0f, 0f], dx);

            Activations.Clip(x, 0f, 6f, dx);
            Assert.Equal([0f, 6f, 3f, x[3], x[4], 0f, 6f], dx[..7]);
            Assert.True(float.IsNaN(dx[7]));

            Activations.Clip([float.NegativeInfinity, float.PositiveInfinity, -7f], float.NegativeInfinity, 1f, dx.AsSpan(0, 3));
            Assert.Equal([float.NegativeInfinity, 1f, -7f], dx[..3]);
        }
    }

    private static (string Name, Action<float[], float[]> Forward, Action<float[], float[], float[]> Backward)[] Kernels() =>
    [
        ("hard swish", (x, y) => Activations.HardSwish(x, y), (dy, x, dx) => Activations.HardSwishBackward(dy, x, dx)),
        ("hard sigmoid", (x, y) => Activations.HardSigmoid(x, Alpha, Beta, y), (dy, x, dx) => Activations.HardSigmoidBackward(dy, x, Alpha, Beta, dx)),
        ("clip", (x, y) => Activations.Clip(x, -1f, 1f, y), (dy, x, dx) => Activations.ClipBackward(dy, x, -1f, 1f, dx)),
    ];
}
