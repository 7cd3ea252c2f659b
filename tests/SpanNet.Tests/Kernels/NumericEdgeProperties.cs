using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Log-softmax and the fused softmax-cross-entropy at logits around ±1e4, and its class-label gradient near
/// probability one (issue #11), against double-precision references. Rounding the normaliser at the logits'
/// magnitude costs half a float step at 1e4 (~5e-4); computing <c>(x − max) − log Σ</c> keeps it near 1e-7 of the result.
/// </summary>
public sealed class NumericEdgeProperties
{
    [Fact]
    public void Log_rows_of_the_issue_example_are_exact_to_a_few_ulp()
    {
        float[] x = [-10000f, -10001f];
        var y = new float[2];
        Softmax.LogRows(x, y, 1, 2);
        Assert.Equal(-0.31326169, y[0], 1e-6);
        Assert.Equal(-1.31326169, y[1], 1e-6);
    }

    [Property(MaxTest = 60)]
    public void Log_rows_at_plus_minus_ten_thousand_match_the_reference_to_the_result_magnitude(int seed, bool negative, byte extraColumns)
    {
        // At least two vectors of every width so the vector part of the row maximum runs.
        int columns = 33 + (extraColumns % 40);
        float offset = negative ? -1e4f : 1e4f;
        float[] x = RandomValues.Uniform(columns, seed, scale: 8f);
        for (int j = 0; j < columns; j++)
        {
            x[j] += offset;
        }

        var y = new float[columns];
        Softmax.LogRows(x, y, 1, columns);
        double lse = NaiveKernels.LogSumExp(x);
        for (int j = 0; j < columns; j++)
        {
            double expected = x[j] - lse;

            // x − max is exact (Sterbenz); what remains is a log, an exp-sum and one subtraction near |expected| ≤ 30.
            Assert.True(Math.Abs(y[j] - expected) <= 1e-5 + (4e-7 * Math.Abs(expected)), $"column {j}: {y[j]} vs {expected}");
        }
    }

    [Property(MaxTest = 60)]
    public void Fused_softmax_cross_entropy_value_at_plus_minus_ten_thousand_matches_the_reference(int seed, bool negative, byte extraColumns)
    {
        const int Rows = 3;
        int columns = 2 + (extraColumns % 40);
        float offset = negative ? -1e4f : 1e4f;
        float[] logits = RandomValues.Uniform(Rows * columns, seed, scale: 4f);
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] += offset;
        }

        int[] labels = new int[Rows];
        float[] oneHot = new float[Rows * columns];
        double expected = 0;
        for (int i = 0; i < Rows; i++)
        {
            labels[i] = Math.Abs((seed + i) % columns);
            oneHot[(i * columns) + labels[i]] = 1f;
            expected += NaiveKernels.LogSumExp(logits.AsSpan(i * columns, columns)) - logits[(i * columns) + labels[i]];
        }

        expected /= Rows;
        float fromLabels = Losses.SoftmaxCrossEntropy(logits, labels, new float[logits.Length], Rows, columns);
        float fromOneHot = Losses.SoftmaxCrossEntropy(logits, oneHot, new float[logits.Length], Rows, columns);
        double tolerance = 2e-6 + (1e-6 * expected);
        Assert.True(Math.Abs(fromLabels - expected) <= tolerance, $"labels: {fromLabels} vs {expected}");
        Assert.True(Math.Abs(fromOneHot - expected) <= tolerance, $"one-hot: {fromOneHot} vs {expected}");
    }

    [Fact]
    public void Fused_softmax_cross_entropy_value_of_the_issue_example()
    {
        float[] logits = [-10000f, -10001f];
        double expected = Math.Log(1 + Math.Exp(-1));
        Assert.Equal(expected, Losses.SoftmaxCrossEntropy(logits, [0], new float[2], 1, 2), 1e-6);
        Assert.Equal(expected, Losses.SoftmaxCrossEntropy(logits, [1f, 0f], new float[2], 1, 2), 1e-6);
    }

    [Property(MaxTest = 60)]
    public void Label_gradient_near_probability_one_matches_the_one_hot_gradient_to_a_few_ulp(int seed, byte rowsByte)
    {
        int rows = 1 + (rowsByte % 7);
        const int Columns = 2;
        var random = new Random(seed);
        float[] logits = new float[rows * Columns];
        int[] labels = new int[rows];
        float[] oneHot = new float[rows * Columns];
        for (int i = 0; i < rows; i++)
        {
            // The label's logit leads by 7 to 12, so its probability is within 1e-3 of one.
            labels[i] = random.Next(Columns);
            logits[(i * Columns) + labels[i]] = 7f + (float)(random.NextDouble() * 5);
            oneHot[(i * Columns) + labels[i]] = 1f;
        }

        float[] p = new float[logits.Length];
        Softmax.Rows(logits, p, rows, Columns);
        var fromLabels = new float[p.Length];
        Losses.SoftmaxCrossEntropyGradient(p, labels, fromLabels, rows, Columns);
        for (int k = 0; k < p.Length; k++)
        {
            // The reference takes the probabilities as given: only the gradient's own arithmetic is under test.
            double expected = (p[k] - (double)oneHot[k]) / rows;
            Assert.True(Math.Abs(fromLabels[k] - expected) <= 2e-7 * Math.Abs(expected) + 1e-30, $"element {k}: {fromLabels[k]} vs {expected}");
        }

        // In place gives the same bits.
        Losses.SoftmaxCrossEntropyGradient(p, labels, p, rows, Columns);
        Assert.Equal(fromLabels, p);
    }

    [Fact]
    public void Label_gradient_of_the_issue_example()
    {
        float[] logits = [0f, 9.5f, 0f, 9.5f, 0f, 9.5f];
        float[] p = new float[6];
        Softmax.Rows(logits, p, 3, 2);
        var dLogits = new float[6];
        Losses.SoftmaxCrossEntropyGradient(p, [1, 1, 1], dLogits, 3, 2);
        double expected = (p[1] - 1.0) / 3;
        Assert.True(Math.Abs((dLogits[1] - expected) / expected) < 1e-6, $"{dLogits[1]} vs {expected}");
    }
}
