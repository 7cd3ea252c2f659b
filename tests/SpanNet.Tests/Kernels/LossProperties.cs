using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class LossProperties
{
    // Loss values accumulate per row in float and across rows in double: relative 1e-5 covers rows of up to ~100 terms.
    private const double LossRelativeTolerance = 1e-5;
    private const double LossAbsoluteTolerance = 1e-6;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 50)]
    public void Squared_error_and_its_gradient_match_the_reference_in_both_conventions(BatchCase c)
    {
        float[] y = RandomValues.Uniform(c.Rows * c.Columns, c.Seed, 3f);
        float[] t = RandomValues.Uniform(c.Rows * c.Columns, c.Seed + 1, 3f);
        var dY = new float[y.Length];
        int rows = Math.Max(c.Rows, 1);
        foreach (SquaredErrorConvention convention in Enum.GetValues<SquaredErrorConvention>())
        {
            bool halfSum = convention == SquaredErrorConvention.HalfSum;
            float loss = Losses.MeanSquaredError(y, t, c.Rows, c.Columns, convention);
            AssertClose(NaiveKernels.MeanSquaredError(y, t, rows, c.Columns, halfSum), loss);

            Losses.MeanSquaredErrorGradient(y, t, dY, c.Rows, c.Columns, convention);
            double scale = (halfSum ? 1.0 : 2.0 / c.Columns) / rows;
            for (int i = 0; i < y.Length; i++)
            {
                Assert.Equal(((double)y[i] - t[i]) * scale, dY[i], 1e-6);
            }
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 50)]
    public void Cross_entropy_is_non_negative_and_matches_the_reference(BatchCase c)
    {
        float[] logits = RandomValues.Uniform(c.Rows * c.Columns, c.Seed, 5f);
        var p = new float[logits.Length];
        Softmax.Rows(logits, p, c.Rows, c.Columns);
        (float[] oneHot, _) = RandomValues.Classes(c.Rows, c.Columns, c.Seed + 1);
        float loss = Losses.CrossEntropy(p, oneHot, c.Rows, c.Columns);
        Assert.True(loss >= 0);
        AssertClose(NaiveKernels.CrossEntropy(p, oneHot, Math.Max(c.Rows, 1)), loss);

        var dP = new float[p.Length];
        Losses.CrossEntropyGradient(p, oneHot, dP, c.Rows, c.Columns);
        for (int i = 0; i < p.Length; i++)
        {
            double expected = -oneHot[i] / Math.Max(p[i], 1e-7) / Math.Max(c.Rows, 1);
            Assert.True(Math.Abs(dP[i] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"element {i}");
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 50)]
    public void Fused_softmax_cross_entropy_agrees_for_one_hot_and_labels(BatchCase c)
    {
        float[] logits = RandomValues.Uniform(c.Rows * c.Columns, c.Seed, 8f);
        (float[] oneHot, int[] labels) = RandomValues.Classes(c.Rows, c.Columns, c.Seed + 1);
        var pOneHot = new float[logits.Length];
        var pLabels = new float[logits.Length];
        float lossOneHot = Losses.SoftmaxCrossEntropy(logits, oneHot, pOneHot, c.Rows, c.Columns);
        float lossLabels = Losses.SoftmaxCrossEntropy(logits, labels, pLabels, c.Rows, c.Columns);
        double expected = c.Rows == 0 ? 0 : NaiveKernels.SoftmaxCrossEntropy(logits, oneHot, c.Rows, c.Columns);
        AssertClose(expected, lossOneHot);
        AssertClose(expected, lossLabels);
        Assert.True(lossLabels >= 0);

        var dOneHot = new float[logits.Length];
        var dLabels = new float[logits.Length];
        Losses.SoftmaxCrossEntropyGradient(pOneHot, oneHot, dOneHot, c.Rows, c.Columns);
        Losses.SoftmaxCrossEntropyGradient(pLabels, labels, dLabels, c.Rows, c.Columns);
        for (int i = 0; i < c.Rows; i++)
        {
            double[] softmax = NaiveKernels.SoftmaxRow(logits.AsSpan(i * c.Columns, c.Columns));
            for (int j = 0; j < c.Columns; j++)
            {
                int at = (i * c.Columns) + j;
                double expectedGradient = (softmax[j] - oneHot[at]) / c.Rows;
                Assert.True(Math.Abs(dOneHot[at] - expectedGradient) <= 2e-6 / c.Rows, $"one-hot ({i},{j})");
                Assert.True(Math.Abs(dLabels[at] - expectedGradient) <= 2e-6 / c.Rows, $"labels ({i},{j})");
            }
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 50)]
    public void Binary_cross_entropy_matches_the_reference(BatchCase c)
    {
        float[] p = RandomValues.Probabilities(c.Rows * c.Columns, c.Seed);
        float[] t = RandomValues.Probabilities(c.Rows * c.Columns, c.Seed + 1);
        float loss = Losses.BinaryCrossEntropy(p, t, c.Rows, c.Columns);
        AssertClose(p.Length == 0 ? 0 : NaiveKernels.BinaryCrossEntropy(p, t), loss);
        Assert.True(loss >= 0);

        var dP = new float[p.Length];
        Losses.BinaryCrossEntropyGradient(p, t, dP, c.Rows, c.Columns);
        for (int i = 0; i < p.Length; i++)
        {
            double expected = ((double)p[i] - t[i]) / (p[i] * (1.0 - p[i])) / p.Length;
            Assert.True(Math.Abs(dP[i] - expected) <= 1e-5 * Math.Max(1e-3, Math.Abs(expected)), $"element {i}: {dP[i]} vs {expected}");
        }
    }

    [Fact]
    public void Cross_entropy_clamps_a_zero_probability()
    {
        float loss = Losses.CrossEntropy([0f, 1f], [1f, 0f], 1, 2);
        Assert.Equal(-Math.Log(1e-7), loss, 4);
    }

    [Fact]
    public void Labels_out_of_range_are_rejected_before_writing()
    {
        var probabilities = new float[] { 5f, 5f, 5f, 5f };
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(
            () => Losses.SoftmaxCrossEntropy(new float[4], [0, 2], probabilities, 2, 2));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("labels[1] is 2", e.Message, StringComparison.Ordinal);
        Assert.All(probabilities, v => Assert.Equal(5f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropyGradient(new float[4], [-1, 0], probabilities, 2, 2));
        Assert.All(probabilities, v => Assert.Equal(5f, v));
    }

    [Fact]
    public void Mismatched_targets_are_rejected()
    {
        Assert.Equal("t", Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(new float[6], new float[5], 2, 3, SquaredErrorConvention.Mean)).ParamName);
        Assert.Equal("dY", Assert.Throws<ArgumentException>(() => Losses.MeanSquaredErrorGradient(new float[6], new float[6], new float[5], 2, 3, SquaredErrorConvention.Mean)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new float[6], new int[3], new float[6], 2, 3)).ParamName);
    }

    private static void AssertClose(double expected, float actual) =>
        Assert.True(Math.Abs(actual - expected) <= (LossRelativeTolerance * Math.Abs(expected)) + LossAbsoluteTolerance, $"{actual} vs {expected}");
}
