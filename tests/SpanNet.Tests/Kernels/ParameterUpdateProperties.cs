using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class ParameterUpdateProperties
{
    // Five steps of a few float operations each, on parameters of magnitude ≤ 1: 1e-5 relative with an absolute floor.
    private const double Tolerance = 1e-5;
    private const int Steps = 5;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void Every_rule_matches_the_reference_on_every_width(LengthCase c)
    {
        float[] w0 = RandomValues.Uniform(c.Length, c.Seed);
        float[][] gradients = new float[Steps][];
        for (int s = 0; s < Steps; s++)
        {
            gradients[s] = RandomValues.Uniform(c.Length, c.Seed + 1 + s);
        }

        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Check(width, w0, gradients, "sgd", 0, (w, g, s1, s2, t) => ParameterUpdateDriver.Run(new SgdUpdate(0.1f), w, g, s1, s2), (w, g, s1, s2, t) => NaiveOptimizers.Sgd(w, g, 0.1f));
            Check(width, w0, gradients, "momentum", 1, (w, g, s1, s2, t) => ParameterUpdateDriver.Run(new MomentumUpdate(0.1f, 0.9f), w, g, s1, s2), (w, g, s1, s2, t) => NaiveOptimizers.Momentum(w, g, s1, 0.1f, 0.9f));
            Check(width, w0, gradients, "adagrad", 1, (w, g, s1, s2, t) => ParameterUpdateDriver.Run(new AdagradUpdate(0.01f, 1e-6f), w, g, s1, s2), (w, g, s1, s2, t) => NaiveOptimizers.Adagrad(w, g, s1, 0.01f, 1e-6f));
            Check(width, w0, gradients, "rmsprop", 1, (w, g, s1, s2, t) => ParameterUpdateDriver.Run(new RmsPropUpdate(0.001f, 0.9f, 1e-6f), w, g, s1, s2), (w, g, s1, s2, t) => NaiveOptimizers.RmsProp(w, g, s1, 0.001f, 0.9f, 1e-6f));
        }

        // Adam through the public entry point, which computes the bias corrections for each step.
        float[] adamW = (float[])w0.Clone();
        var m = new float[c.Length];
        var v = new float[c.Length];
        double[] refW = Array.ConvertAll(w0, x => (double)x), refM = new double[c.Length], refV = new double[c.Length];
        for (int t = 1; t <= Steps; t++)
        {
            ParameterUpdates.Adam(adamW, gradients[t - 1], m, v, 0.001f, 0.9f, 0.999f, 1e-7f, t);
            NaiveOptimizers.Adam(refW, gradients[t - 1], refM, refV, 0.001f, 0.9f, 0.999f, 1e-7f, t);
        }

        AssertClose(refW, adamW, "adam");
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void Weight_decay_matches_the_reference_on_every_width(LengthCase c)
    {
        // λ = 0.05 with η = 0.1 (SGD, momentum) and 0.001 (Adam): the decay moves weights by 0.5 % and 0.005 % a step.
        const float Lambda = 0.05f;
        float[] w0 = RandomValues.Uniform(c.Length, c.Seed);
        float[][] gradients = new float[Steps][];
        for (int s = 0; s < Steps; s++)
        {
            gradients[s] = RandomValues.Uniform(c.Length, c.Seed + 1 + s);
        }

        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Check(width, w0, gradients, "sgd L2", 0, (w, g, s1, s2, t) => ParameterUpdates.Sgd(w, g, 0.1f, Lambda), (w, g, s1, s2, t) => NaiveOptimizers.SgdL2(w, g, 0.1f, Lambda));
            Check(width, w0, gradients, "momentum L2", 1, (w, g, s1, s2, t) => ParameterUpdates.Momentum(w, g, s1, 0.1f, 0.9f, Lambda), (w, g, s1, s2, t) => NaiveOptimizers.MomentumL2(w, g, s1, 0.1f, 0.9f, Lambda));
            Check(width, w0, gradients, "adamw", 2, (w, g, s1, s2, t) => ParameterUpdates.AdamW(w, g, s1, s2, 0.001f, 0.9f, 0.999f, 1e-7f, t, Lambda), (w, g, s1, s2, t) => NaiveOptimizers.AdamW(w, g, s1, s2, 0.001f, 0.9f, 0.999f, 1e-7f, t, Lambda));
        }
    }

    [Fact]
    public void Zero_weight_decay_is_the_plain_rule_bit_for_bit()
    {
        float[] g = RandomValues.Uniform(67, 5);
        float[] a = RandomValues.Uniform(67, 6), b = (float[])a.Clone();
        float[] ma = new float[67], va = new float[67], mb = new float[67], vb = new float[67];
        for (int t = 1; t <= 3; t++)
        {
            ParameterUpdates.Adam(a, g, ma, va, 0.01f, 0.9f, 0.999f, 1e-7f, t);
            ParameterUpdates.AdamW(b, g, mb, vb, 0.01f, 0.9f, 0.999f, 1e-7f, t, 0f);
            ParameterUpdates.Sgd(a, g, 0.1f);
            ParameterUpdates.Sgd(b, g, 0.1f, 0f);
        }

        Assert.Equal(a, b);
    }

    [Fact]
    public void Weight_decay_shrinks_weights_a_zero_gradient_leaves_alone()
    {
        float[] zero = new float[4];
        float[] w = [1f, -2f, 0.5f, 4f];
        ParameterUpdates.Sgd(w, zero, 0.1f, 0.5f);
        Assert.Equal([0.95f, -1.9f, 0.475f, 3.8f], w);
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterUpdates.Sgd(w, zero, 0.1f, -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterUpdates.Sgd(w, zero, 0.5f, 2f));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterUpdates.AdamW(w, zero, new float[4], new float[4], 0.1f, 0.9f, 0.999f, 1e-7f, 1, float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpanNet.Training.Optimizers.Adam(4, 0.1f, weightDecay: 10f));
        Assert.Equal([0.95f, -1.9f, 0.475f, 3.8f], w);
    }

    [Fact]
    public void Each_rule_descends_a_convex_quadratic()
    {
        // f(w) = ½ Σ dᵢ wᵢ² with curvatures dᵢ from 0.5 to 2: gradient dᵢ wᵢ, minimum 0 at w = 0.
        const int n = 37;
        float[] curvature = new float[n];
        for (int i = 0; i < n; i++)
        {
            curvature[i] = 0.5f + (1.5f * i / (n - 1));
        }

        foreach (string rule in new[] { "sgd", "momentum", "adagrad", "rmsprop", "adam" })
        {
            float[] w = RandomValues.Uniform(n, 3, 2f);
            float start = Quadratic(w, curvature);
            var g = new float[n];
            var s1 = new float[n];
            var s2 = new float[n];
            for (int t = 1; t <= 200; t++)
            {
                for (int i = 0; i < n; i++)
                {
                    g[i] = curvature[i] * w[i];
                }

                switch (rule)
                {
                    case "sgd": ParameterUpdates.Sgd(w, g, 0.1f); break;
                    case "momentum": ParameterUpdates.Momentum(w, g, s1, 0.05f, 0.9f); break;
                    case "adagrad": ParameterUpdates.Adagrad(w, g, s1, 0.5f, 1e-6f); break;
                    case "rmsprop": ParameterUpdates.RmsProp(w, g, s1, 0.01f, 0.9f, 1e-6f); break;
                    default: ParameterUpdates.Adam(w, g, s1, s2, 0.05f, 0.9f, 0.999f, 1e-7f, t); break;
                }
            }

            Assert.True(Quadratic(w, curvature) < 0.01f * start, $"{rule}: {start} → {Quadratic(w, curvature)}");
        }
    }

    [Fact]
    public void Bad_hyperparameters_and_lengths_leave_parameters_untouched()
    {
        float[] w = [1f, 2f, 3f];
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterUpdates.Sgd(w, new float[3], float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterUpdates.Momentum(w, new float[3], new float[3], 0.1f, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterUpdates.Adam(w, new float[3], new float[3], new float[3], 0.1f, 0.9f, 0.999f, 1e-7f, 0));
        Assert.Equal("velocity", Assert.Throws<ArgumentException>(() => ParameterUpdates.Momentum(w, new float[3], new float[2], 0.1f, 0.9f)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => ParameterUpdates.Sgd(w, new float[4], 0.1f)).ParamName);
        Assert.Equal([1f, 2f, 3f], w);
    }

    private static float Quadratic(float[] w, float[] curvature)
    {
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
        {
            sum += 0.5 * curvature[i] * w[i] * w[i];
        }

        return (float)sum;
    }

    private delegate void FloatRule(float[] w, float[] g, float[] s1, float[] s2, int t);

    private delegate void DoubleRule(double[] w, float[] g, double[] s1, double[] s2, int t);

    private static void Check(SimdWidth width, float[] w0, float[][] gradients, string name, int stateCount, FloatRule rule, DoubleRule reference)
    {
        float[] w = (float[])w0.Clone();
        var s1 = new float[stateCount >= 1 ? w0.Length : 0];
        var s2 = new float[stateCount >= 2 ? w0.Length : 0];
        double[] refW = Array.ConvertAll(w0, x => (double)x), refS1 = new double[w0.Length], refS2 = new double[w0.Length];
        for (int t = 1; t <= Steps; t++)
        {
            rule(w, gradients[t - 1], s1, s2, t);
            reference(refW, gradients[t - 1], refS1, refS2, t);
        }

        AssertClose(refW, w, $"{name} on {width}");
    }

    private static void AssertClose(double[] expected, float[] actual, string name)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])), $"{name}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }
}
