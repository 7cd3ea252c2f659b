using System;
using SpanNet.Kernels;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// The losses choose the SIMD width once per batch instead of once per row (a table's output rows are 1 to a few
/// floats long): at every width and every row length around the vector sizes, the softmax cross-entropy with labels,
/// its gradient and the squared error equal, bit for bit, the row-by-row loops they replaced, written out here.
/// </summary>
public class LossBatchDispatchTests
{
    public static TheoryData<SimdWidth, int> Shapes()
    {
        var data = new TheoryData<SimdWidth, int>();
        foreach (SimdWidth width in Widths.Available)
        {
            foreach (int columns in (int[])[1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65])
            {
                data.Add(width, columns);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Softmax_cross_entropy_with_labels_keeps_the_bits_of_the_row_by_row_loop(SimdWidth width, int columns)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        foreach (int rows in (int[])[0, 1, 7, 33, 100])
        {
            float[] logits = RandomValues.Uniform(rows * columns, rows + (31 * columns), 6f);
            (_, int[] labels) = RandomValues.Classes(rows, columns, rows + columns);
            var probabilities = new float[logits.Length];
            var expectedProbabilities = new float[logits.Length];
            float loss = Losses.SoftmaxCrossEntropy(logits, labels, probabilities, rows, columns);
            float expected = RowByRowSoftmaxCrossEntropy(logits, labels, expectedProbabilities, rows, columns);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(loss));
            AssertSameBits(expectedProbabilities, probabilities, $"probabilities, {rows} rows");

            // In place, as the loss allows: the logits are read before each row is overwritten.
            float[] inPlace = (float[])logits.Clone();
            float inPlaceLoss = Losses.SoftmaxCrossEntropy(inPlace, labels, inPlace, rows, columns);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(inPlaceLoss));
            AssertSameBits(expectedProbabilities, inPlace, $"in-place probabilities, {rows} rows");

            var dLogits = new float[logits.Length];
            Losses.SoftmaxCrossEntropyGradient(probabilities, labels, dLogits, rows, columns);
            float[] expectedGradient = RowByRowGradient(probabilities, labels, rows, columns);
            AssertSameBits(expectedGradient, dLogits, $"gradient, {rows} rows");

            // In place: the label's probability is read before its row is scaled.
            Losses.SoftmaxCrossEntropyGradient(inPlace, labels, inPlace, rows, columns);
            AssertSameBits(expectedGradient, inPlace, $"in-place gradient, {rows} rows");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Squared_error_keeps_the_bits_of_the_row_by_row_loop(SimdWidth width, int columns)
    {
        using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
        foreach (int rows in (int[])[0, 1, 7, 31, 100])
        {
            float[] y = RandomValues.Uniform(rows * columns, rows + (17 * columns), 3f);
            float[] t = RandomValues.Uniform(rows * columns, rows + (17 * columns) + 1, 3f);
            foreach (SquaredErrorConvention convention in Enum.GetValues<SquaredErrorConvention>())
            {
                double total = 0;
                for (int i = 0; i < rows; i++)
                {
                    total += Aggregate.Run<SquaredDifferenceOperator>(y.AsSpan(i * columns, columns), t.AsSpan(i * columns, columns));
                }

                double scale = convention == SquaredErrorConvention.HalfSum ? 0.5 : 1.0 / columns;
                float expected = (float)(total * scale / Math.Max(rows, 1));
                float loss = Losses.MeanSquaredError(y, t, rows, columns, convention);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(loss));
            }
        }
    }

    [Fact]
    public void The_sum_of_empty_rows_is_the_operator_identity_per_row()
    {
        Assert.Equal(0.0, Aggregate.SumOfRows<SquaredDifferenceOperator>([], [], 5, 0));
        Assert.Equal(0.0, Aggregate.SumOfRows<SquaredDifferenceOperator>([], [], 0, 0));
        Assert.Equal(0f, Losses.MeanSquaredError([], [], 3, 0, SquaredErrorConvention.HalfSum));
    }

    /// <summary>The loss as it was computed before: <see cref="Softmax.Row"/> (its own width choice) on each row.</summary>
    private static float RowByRowSoftmaxCrossEntropy(float[] logits, int[] labels, float[] probabilities, int rows, int columns)
    {
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            float labelLogit = logits[(i * columns) + labels[i]];
            float logSum = Softmax.Row(logits.AsSpan(i * columns, columns), probabilities.AsSpan(i * columns, columns), out float max);
            total += logSum + ((double)max - labelLogit);
        }

        return (float)(total / Math.Max(rows, 1));
    }

    /// <summary>The gradient as it was computed before: each row scaled on its own, then its label's entry.</summary>
    private static float[] RowByRowGradient(float[] probabilities, int[] labels, int rows, int columns)
    {
        var d = new float[probabilities.Length];
        float scale = 1f / Math.Max(rows, 1);
        for (int i = 0; i < rows; i++)
        {
            int label = (i * columns) + labels[i];
            ElementWise.Apply<MultiplyByScalarOperator>(probabilities.AsSpan(i * columns, columns), scale, d.AsSpan(i * columns, columns));
            d[label] = (probabilities[label] - 1f) * scale;
        }

        return d;
    }

    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}: element {i} is {actual[i]:R}, the row-by-row loop gives {expected[i]:R}");
        }
    }
}
