using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class ActivationProperties
{
    // Backward passes are two or three float multiplies of exact inputs: three roundings of u = 2⁻²⁴ each, plus slack.
    private const double BackwardRelativeTolerance = 4e-7;

    // Near a zero of the result, relative error is meaningless; this floor is ~1 ulp of the inputs' scale (≤ 8).
    private const double AbsoluteFloor = 1e-6;

    private const float Slope = 0.01f;

    // Not 1, so a kernel that ignored α would fail.
    private const float EluAlpha = 1.5f;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Forward_passes_match_the_reference_on_every_width(LengthCase c)
    {
        float[] x = RandomValues.Uniform(c.Length, c.Seed, scale: 8f);
        var y = new float[c.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            ElementWise.Apply<ReluOperator>(x, y);
            AssertEach(x, y, NaiveKernels.Relu, 0, width, "relu");

            ElementWise.Apply<LeakyReluOperator>(x, Slope, y);
            AssertEach(x, y, v => NaiveKernels.LeakyRelu(v, Slope), BackwardRelativeTolerance, width, "leaky relu");

            ElementWise.Apply<StepOperator>(x, y);
            AssertEach(x, y, NaiveKernels.Step, 0, width, "step");

            ElementWise.Apply<SigmoidOperator>(x, y);
            AssertEach(x, y, NaiveKernels.Sigmoid, Activations.SigmoidMaxRelativeError, width, "sigmoid");

            ElementWise.Apply<TanhOperator>(x, y);
            AssertEach(x, y, Math.Tanh, Activations.TanhMaxRelativeError, width, "tanh");

            ElementWise.Apply<ExpOperator>(x, y);
            AssertEach(x, y, Math.Exp, Transcendentals.ExpMaxRelativeError, width, "exp");

            Activations.Elu(x, EluAlpha, y);
            AssertEach(x, y, v => NaiveKernels.Elu(v, EluAlpha), Activations.EluMaxRelativeError, width, "elu");
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Backward_passes_match_the_reference_on_every_width(LengthCase c)
    {
        float[] x = RandomValues.Uniform(c.Length, c.Seed, scale: 4f);
        float[] dy = RandomValues.Uniform(c.Length, c.Seed + 1);
        var y = new float[c.Length];
        var dx = new float[c.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.Relu(x, y);
            ElementWise.Apply<ReluBackwardOperator>(dy, y, dx);
            AssertEach(i => x[i] > 0 ? dy[i] : 0, dx, 0, width, "relu backward");

            Activations.LeakyRelu(x, Slope, y);
            ElementWise.Apply<LeakyReluBackwardOperator>(dy, y, Slope, dx);
            AssertEach(i => x[i] > 0 ? dy[i] : Slope * (double)dy[i], dx, BackwardRelativeTolerance, width, "leaky relu backward");

            Activations.Sigmoid(x, y);
            ElementWise.Apply<SigmoidBackwardOperator>(dy, y, dx);
            AssertEach(i => dy[i] * (double)y[i] * (1 - (double)y[i]), dx, BackwardRelativeTolerance, width, "sigmoid backward");

            Activations.Tanh(x, y);
            ElementWise.Apply<TanhBackwardOperator>(dy, y, dx);
            AssertEach(i => dy[i] * (1 - ((double)y[i] * y[i])), dx, BackwardRelativeTolerance, width, "tanh backward");

            // From the output y = α(e^x − 1): y + α carries y's error (EluMaxRelativeError of |y| ≤ α) and one rounding
            // of α, so the bound is absolute, |dy|·α·(that error + 2u), against the derivative α·e^x taken from x.
            Activations.Elu(x, EluAlpha, y);
            Activations.EluBackward(dy, y, EluAlpha, dx);
            for (int i = 0; i < dx.Length; i++)
            {
                double expected = x[i] > 0 ? dy[i] : dy[i] * EluAlpha * Math.Exp(x[i]);
                double bound = Math.Abs(dy[i]) * EluAlpha * (Activations.EluMaxRelativeError + 1.2e-7);
                Assert.True(Math.Abs(dx[i] - expected) <= bound, $"elu backward on {width}: element {i} (x = {x[i]}) is {dx[i]}, expected {expected}");
            }
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void Relu_is_idempotent(LengthCase c)
    {
        float[] x = RandomValues.Uniform(c.Length, c.Seed, scale: 5f);
        var once = new float[c.Length];
        var twice = new float[c.Length];
        Activations.Relu(x, once);
        Activations.Relu(once, twice);
        Assert.Equal(once, twice);
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void Sigmoid_of_x_plus_sigmoid_of_minus_x_is_one(LengthCase c)
    {
        float[] x = RandomValues.Uniform(c.Length, c.Seed, scale: 20f);
        float[] negated = Array.ConvertAll(x, v => -v);
        var positive = new float[c.Length];
        var negative = new float[c.Length];
        Activations.Sigmoid(x, positive);
        Activations.Sigmoid(negated, negative);
        for (int i = 0; i < x.Length; i++)
        {
            // Each term is within SigmoidMaxRelativeError of a value ≤ 1, and the sum adds one rounding.
            Assert.True(Math.Abs(positive[i] + negative[i] - 1.0) <= (2 * Activations.SigmoidMaxRelativeError) + 6e-8, $"x = {x[i]}");
        }
    }

    [Fact]
    public void In_place_application_is_allowed()
    {
        float[] x = [-2f, -0.5f, 0f, 0.5f, 2f];
        Activations.Relu(x, x);
        Assert.Equal([0f, 0f, 0f, 0.5f, 2f], x);
    }

    [Fact]
    public void A_partially_overlapping_output_is_rejected()
    {
        float[] buffer = [1f, -2f, 3f, -4f, 5f];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Relu(buffer.AsSpan(0, 4), buffer.AsSpan(1, 4))).ParamName);
        Assert.Equal([1f, -2f, 3f, -4f, 5f], buffer);
    }

    [Fact]
    public void Mismatched_lengths_name_the_parameter_and_write_nothing()
    {
        var y = new float[] { 9f, 9f };
        ArgumentException e = Assert.Throws<ArgumentException>(() => Activations.Sigmoid(new float[3], y));
        Assert.Equal("y", e.ParamName);
        Assert.Equal([9f, 9f], y);

        e = Assert.Throws<ArgumentException>(() => Activations.TanhBackward(new float[3], new float[2], new float[3]));
        Assert.Equal("output", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Activations.LeakyRelu(new float[2], 1.5f, y));
        Assert.Equal([9f, 9f], y);

        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Elu(new float[2], 0f, y)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Elu(new float[2], float.NaN, y)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Activations.Elu(new float[3], 1f, y)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => Activations.EluBackward(new float[2], new float[3], 1f, y)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.EluBackward(new float[2], new float[2], -1f, y)).ParamName);
        Assert.Equal([9f, 9f], y);
    }

    [Fact]
    public void Elu_is_exact_for_positive_inputs_saturates_at_minus_alpha_and_keeps_tiny_inputs()
    {
        float[] x = [3f, 1e-30f, 0f, -1e-7f, -1e-3f, -30f, float.NegativeInfinity, float.NaN];
        var y = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Activations.Elu(x, 2f, y);
            Assert.Equal(3f, y[0]);
            Assert.Equal(1e-30f, y[1]);
            Assert.Equal(0f, y[2]);

            // Where e^x − 1 cancels: the series keeps the leading digits that exp(x) − 1 would lose.
            Assert.True(Math.Abs(y[3] - (2 * NaiveKernels.ExpMinusOne(-1e-7))) <= 2e-7 * 2e-7, $"{width}: {y[3]}");
            Assert.True(Math.Abs(y[4] - (2 * NaiveKernels.ExpMinusOne(-1e-3))) <= 2e-3 * 1e-6, $"{width}: {y[4]}");
            Assert.Equal(-2f, y[5], 6);
            Assert.Equal(-2f, y[6]);
            Assert.True(float.IsNaN(y[7]), $"{width}: NaN gave {y[7]}");
        }
    }

    private static void AssertEach(float[] x, float[] actual, Func<double, double> reference, double relativeTolerance, SimdWidth width, string name) =>
        AssertEach(i => reference(x[i]), actual, relativeTolerance, width, name, x);

    private static void AssertEach(Func<int, double> expected, float[] actual, double relativeTolerance, SimdWidth width, string name, float[]? x = null)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            double e = expected(i);
            double error = Math.Abs(actual[i] - e);
            double bound = Math.Max(relativeTolerance * Math.Abs(e), relativeTolerance == 0 ? 0 : AbsoluteFloor * relativeTolerance);
            Assert.True(error <= bound, $"{name} on {width}: element {i} (x = {x?[i]}) is {actual[i]}, expected {e} (error {error:E3} > {bound:E3})");
        }
    }
}
