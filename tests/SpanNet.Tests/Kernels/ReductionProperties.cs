using System;
using System.Linq;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class ReductionProperties
{
    // A float sum of n terms in any order is within (n−1)·u·Σ|xᵢ| of the exact sum (Higham §4.2).
    private static double SumBound(int n, double absoluteSum) => (n * 6e-8 * absoluteSum) + 1e-30;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Sum_dot_and_max_match_the_reference_on_every_width(LengthCase c)
    {
        float[] x = RandomValues.Uniform(c.Length, c.Seed);
        float[] y = RandomValues.Uniform(c.Length, c.Seed + 1);
        double sum = x.Sum(v => (double)v), absSum = x.Sum(v => Math.Abs((double)v));
        double dot = 0, absDot = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += (double)x[i] * y[i];
            absDot += Math.Abs((double)x[i] * y[i]);
        }

        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Assert.True(Math.Abs(Aggregate.Run<SumOperator>(x, default) - sum) <= SumBound(c.Length, absSum), $"sum on {width}");
            Assert.True(Math.Abs(Aggregate.Run<DotOperator>(x, y) - dot) <= SumBound(c.Length, absDot), $"dot on {width}");
            if (c.Length > 0)
            {
                Assert.Equal(x.Max(), Aggregate.Run<MaxOperator>(x, default));
            }
        }

        Assert.Equal(Reductions.Sum(x), Reductions.Sum(x));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void ArgMax_rows_picks_the_first_largest(BatchCase c)
    {
        float[] x = RandomValues.Uniform(c.Rows * c.Columns, c.Seed);
        var indices = new int[c.Rows];
        Reductions.ArgMaxRows(x, indices, c.Rows, c.Columns);
        for (int i = 0; i < c.Rows; i++)
        {
            float[] row = x.AsSpan(i * c.Columns, c.Columns).ToArray();
            Assert.Equal(Array.IndexOf(row, row.Max()), indices[i]);
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Bias_forward_adds_to_every_row_and_backward_sums_columns_in_row_order_at_every_width(BatchCase c)
    {
        float[] original = RandomValues.Uniform(c.Rows * c.Columns, c.Seed);
        float[] bias = RandomValues.Uniform(c.Columns, c.Seed + 1);
        float[] dBiasBefore = RandomValues.Uniform(c.Columns, c.Seed + 2);

        // The gradient adds the rows in order, one float addition each: that exact sum is the expected value.
        float[] expectedGradient = (float[])dBiasBefore.Clone();
        for (int i = 0; i < c.Rows; i++)
        {
            for (int j = 0; j < c.Columns; j++)
            {
                expectedGradient[j] += original[(i * c.Columns) + j];
            }
        }

        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            float[] x = (float[])original.Clone();
            Bias.AddToRows(bias, x, c.Rows, c.Columns);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal(original[i] + bias[i % c.Columns], x[i]);
            }

            float[] dBias = (float[])dBiasBefore.Clone();
            Bias.AccumulateGradient(original, dBias, c.Rows, c.Columns);
            Assert.Equal(expectedGradient, dBias);
        }
    }

    [Fact]
    public void Max_of_nothing_and_argmax_of_empty_rows_are_errors()
    {
        Assert.Throws<ArgumentException>(() => Reductions.Max(ReadOnlySpan<float>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.ArgMaxRows(ReadOnlySpan<float>.Empty, new int[2], 2, 0));
        Assert.Equal("dBias", Assert.Throws<ArgumentException>(() => Bias.AccumulateGradient(new float[6], new float[2], 2, 3)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Reductions.Dot(new float[3], new float[2])).ParamName);
    }
}
