using System;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>Optimizer state never rests on a subnormal float, at any width; what is not subnormal is left alone.</summary>
public class SubnormalFlushTests
{
    private const float LargestSubnormal = 1.1754942e-38f;

    [Fact]
    public void The_flush_zeroes_subnormals_and_minus_zero_and_keeps_everything_else()
    {
        float[] input = [LargestSubnormal, -LargestSubnormal, float.Epsilon, -float.Epsilon, -0f, 0f, Subnormals.SmallestNormal, -Subnormals.SmallestNormal, 1f, -3e38f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, 5e-39f, -7e-40f];
        float[] expected = [0f, 0f, 0f, 0f, 0f, 0f, Subnormals.SmallestNormal, -Subnormals.SmallestNormal, 1f, -3e38f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, 0f, 0f];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            float[] actual = FlushAtCurrentWidth(input);
            for (int i = 0; i < input.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"{width}: {input[i]:R} became {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData("momentum")]
    [InlineData("adagrad")]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    public void State_decaying_through_the_subnormal_range_goes_to_zero_instead(string rule)
    {
        // Zero gradients after one nonzero step: the state decays geometrically (Adagrad's sum does not decay, so
        // it starts just above a subnormal square). Every stored value must be 0 or normal, at every width.
        const int n = 133;
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            float[] w = RandomValues.Uniform(n, 1);
            float[] g = new float[n];
            float[] s1 = new float[n];
            float[] s2 = new float[n];
            Array.Fill(s1, rule == "adagrad" ? 0f : 3e-37f);
            Array.Fill(s2, 3e-37f);
            if (rule == "adagrad")
            {
                Array.Fill(g, 1e-19f); // g² = 1e-38, just below the smallest normal: the sum's first value is subnormal
            }

            bool sawZero = false;
            for (int t = 1; t <= 400; t++)
            {
                Update(rule, w, g, s1, s2, t);
                AssertNoSubnormal(s1, $"{rule} at {width}, step {t}, first state");
                AssertNoSubnormal(s2, $"{rule} at {width}, step {t}, second state");
                AssertNoSubnormal(w, $"{rule} at {width}, step {t}, weights");
                sawZero |= s1[0] == 0f;
                if (rule == "adagrad")
                {
                    Array.Clear(g);
                }
            }

            Assert.True(sawZero, $"{rule} at {width}: the state never reached zero, so the flush was not exercised");
            Assert.All(w, x => Assert.True(float.IsFinite(x)));
        }
    }

    [Fact]
    public void Subnormal_state_passed_in_is_flushed_on_the_first_step()
    {
        float[] w = [0.5f, -0.25f, 1f];
        float[] v = [5e-39f, -1e-40f, 0.125f];
        ParameterUpdates.Momentum(w, new float[3], v, 0.1f, 0.9f);
        Assert.Equal([0f, 0f, 0.1125f], v);
        Assert.Equal([0.5f, -0.25f, 1.1125f], w);
    }

    private static float[] FlushAtCurrentWidth(float[] input)
    {
        // Through the momentum rule with μ = 1 and η·g = 0: v = 1·v − 0 leaves every normal and special value alone,
        // so what changes is the flush alone.
        float[] v = (float[])input.Clone();
        var w = new float[input.Length];
        ParameterUpdateDriver.Run(new MomentumUpdate(0.1f, 1f), w, new float[input.Length], v, Span<float>.Empty);
        return v;
    }

    private static void Update(string rule, float[] w, float[] g, float[] s1, float[] s2, int t)
    {
        switch (rule)
        {
            case "momentum": ParameterUpdates.Momentum(w, g, s1, 0.1f, 0.5f); break;
            case "adagrad": ParameterUpdates.Adagrad(w, g, s1, 0.01f, 1e-7f); break;
            case "rmsprop": ParameterUpdates.RmsProp(w, g, s1, 0.001f, 0.5f, 1e-7f); break;
            default: ParameterUpdates.Adam(w, g, s1, s2, 0.001f, 0.5f, 0.5f, 1e-7f, t); break;
        }
    }

    private static void AssertNoSubnormal(float[] values, string what)
    {
        foreach (float x in values)
        {
            Assert.False(x != 0f && Math.Abs(x) < Subnormals.SmallestNormal, $"{what}: {x:R} is subnormal");
        }
    }
}
