using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class SoftmaxProperties
{
    // exp within 2.5e-7 relative, a sum of n such terms, one division: a few 1e-7 relative plus n roundings in the sum.
    private static double Tolerance(int columns) => 1e-6 + (columns * 6e-8);

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Rows_match_the_reference_sum_to_one_and_are_positive(BatchCase c)
    {
        float[] x = RandomValues.Uniform(c.Rows * c.Columns, c.Seed, scale: 10f);
        var y = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Softmax.Rows(x, y, c.Rows, c.Columns);
            for (int i = 0; i < c.Rows; i++)
            {
                double[] expected = NaiveKernels.SoftmaxRow(x.AsSpan(i * c.Columns, c.Columns));
                double sum = 0;
                for (int j = 0; j < c.Columns; j++)
                {
                    float p = y[(i * c.Columns) + j];
                    Assert.True(p > 0, $"{width}: row {i} column {j} is {p}");
                    Assert.True(Math.Abs(p - expected[j]) <= Tolerance(c.Columns) * expected[j], $"{width}: row {i} column {j}: {p} vs {expected[j]}");
                    sum += p;
                }

                Assert.True(Math.Abs(sum - 1) <= Tolerance(c.Columns), $"{width}: row {i} sums to {sum}");
            }
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Log_rows_match_the_reference(BatchCase c)
    {
        float[] x = RandomValues.Uniform(c.Rows * c.Columns, c.Seed, scale: 30f);
        var y = new float[x.Length];
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            Softmax.LogRows(x, y, c.Rows, c.Columns);
            for (int i = 0; i < c.Rows; i++)
            {
                double lse = NaiveKernels.LogSumExp(x.AsSpan(i * c.Columns, c.Columns));
                for (int j = 0; j < c.Columns; j++)
                {
                    double expected = x[(i * c.Columns) + j] - lse;

                    // The difference of two values up to ~35 in magnitude: a few ulp of 35 absolute.
                    Assert.True(Math.Abs(y[(i * c.Columns) + j] - expected) <= 2e-5, $"{width}: row {i} column {j}");
                }
            }
        }
    }

    [Fact]
    public void Inputs_of_plus_minus_ten_thousand_do_not_overflow()
    {
        float[] x = [1e4f, -1e4f, 1e4f - 1f, 0f];
        var y = new float[4];
        Softmax.Rows(x, y, 1, 4);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1 / (1 + Math.Exp(-1)), y[0], 6);
        Assert.Equal(0f, y[1]);

        var logY = new float[4];
        Softmax.LogRows(x, logY, 1, 4);
        Assert.Equal(-2e4 - Math.Log(1 + Math.Exp(-1)), logY[1], 0);
        Assert.All(logY, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Bad_shapes_are_rejected()
    {
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Softmax.Rows(new float[5], new float[6], 2, 3)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Softmax.Rows(new float[6], new float[5], 2, 3)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.Rows(new float[0], new float[0], 2, 0));
        float[] same = new float[6];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Softmax.LogRows(same, same, 2, 3)).ParamName);
    }
}
