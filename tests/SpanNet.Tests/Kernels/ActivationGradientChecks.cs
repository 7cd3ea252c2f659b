using System;
using System.Collections.Generic;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Each backward kernel against central differences of its forward function's double reference: a check of the
/// backward formula that does not go through the derivative references the property tests use.
/// </summary>
public class ActivationGradientChecks
{
    // Central differences in double with this step are within ~1e-9 of the derivative (h²·f‴/6 plus 1e-16/h).
    private const double Step = 1e-5;

    // The backward kernels are within ~1e-6 of their terms' magnitudes (at most ~3 for |x| ≤ 7), so 1e-5 holds them
    // with room; a wrong formula (a dropped term, a wrong constant, the other boundary) is off by 1e-3 or far more.
    private const double Tolerance = 1e-5;

    // Kinks of the piecewise functions: no difference quotient straddles them.
    private const double KinkMargin = 1e-3;

    public static TheoryData<string> Kernels() => ["gelu", "gelu tanh", "silu", "softplus", "hard swish", "hard sigmoid", "clip"];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Backward_matches_central_differences_of_the_forward_reference(string kernel)
    {
        (Func<double, double> f, Action<float[], float[], float[]> backward, double[] kinks) = Pick(kernel);
        var points = new List<float>();
        for (double v = -7; v <= 7; v += 0.0731)
        {
            if (Array.TrueForAll(kinks, k => Math.Abs(v - k) > KinkMargin))
            {
                points.Add((float)v);
            }
        }

        float[] x = points.ToArray();
        float[] dy = Array.ConvertAll(x, _ => 1f);
        var dx = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            backward(dy, x, dx);
            for (int i = 0; i < x.Length; i++)
            {
                double difference = (f(x[i] + Step) - f(x[i] - Step)) / (2 * Step);
                Assert.True(
                    Math.Abs(dx[i] - difference) <= Tolerance * Math.Max(1, Math.Abs(difference)),
                    $"{kernel} backward on {width} at x = {x[i]:R}: {dx[i]:R}, central difference {difference:R}");
            }
        }
    }

    private static (Func<double, double> Forward, Action<float[], float[], float[]> Backward, double[] Kinks) Pick(string kernel) => kernel switch
    {
        "gelu" => (NaiveKernels.Gelu, (dy, x, dx) => Activations.GeluBackward(dy, x, dx), []),
        "gelu tanh" => (NaiveKernels.GeluTanh, (dy, x, dx) => Activations.GeluTanhBackward(dy, x, dx), []),
        "silu" => (NaiveKernels.Silu, (dy, x, dx) => Activations.SiluBackward(dy, x, dx), []),

        // β = 1.5 with a threshold of 100, so the whole grid takes the logarithm rather than the linear switch.
        "softplus" => (v => Math.Log(1 + Math.Exp(1.5 * v)) / 1.5, (dy, x, dx) => Activations.SoftplusBackward(dy, x, 1.5f, 100f, dx), []),
        "hard swish" => (NaiveKernels.HardSwish, (dy, x, dx) => Activations.HardSwishBackward(dy, x, dx), [-3, 3]),
        "hard sigmoid" => (v => NaiveKernels.HardSigmoid(v, 0.3, -0.2), (dy, x, dx) => Activations.HardSigmoidBackward(dy, x, 0.3f, -0.2f, dx), [0.2 / 0.3, 1.2 / 0.3]),
        "clip" => (v => NaiveKernels.Clip(v, -2, 1.5), (dy, x, dx) => Activations.ClipBackward(dy, x, -2f, 1.5f, dx), [-2, 1.5]),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "No such kernel."),
    };
}
