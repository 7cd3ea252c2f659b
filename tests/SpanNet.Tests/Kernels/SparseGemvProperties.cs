using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class SparseGemvProperties
{
    // As for GEMM: a float dot product of length k is within γₖ·Σ|xᵢwᵢ| of the exact value (Higham §3.1), u = 2⁻²⁴;
    // the bias adds one more rounding. Skipped zero terms contribute exactly nothing, so the bound only shrinks.
    private const double UnitRoundoff = 1.0 / (1 << 24);

    private static double Bound(int k, double absoluteSum) => ((k + 2) * UnitRoundoff * 1.01 * absoluteSum) + 1e-30;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 80)]
    public void Every_width_matches_the_naive_reference_and_every_other_width_bit_for_bit(SparseGemvCase g)
    {
        int stride = SparseGemv.PaddedStride(g.Outputs);
        float[] x = SparseInput(g.Inputs, g.ZeroPercent, g.Seed);
        float[] w = RandomValues.Uniform(g.Inputs * g.Outputs, g.Seed + 1);
        float[] b = RandomValues.Uniform(g.Outputs, g.Seed + 2);
        (double[] expected, double[] absoluteSum) = NaiveKernels.Gemm(x, w, b, 1, g.Outputs, g.Inputs, false, false, 1f, 1f);
        float[] paddedWeights = Pad(w, g.Inputs, g.Outputs, stride);
        float[] paddedBias = Pad(b, 1, g.Outputs, stride);

        float[]? first = null;
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            var y = new float[stride];
            Array.Fill(y, float.NaN);
            SparseGemv.Affine(x, paddedWeights, stride, paddedBias, y);
            for (int j = 0; j < g.Outputs; j++)
            {
                double error = Math.Abs(y[j] - expected[j]);
                Assert.True(error <= Bound(g.Inputs, absoluteSum[j]), $"{width}: y[{j}] is {y[j]}, expected {expected[j]}");
            }

            // Zero weights and bias in the padding give zeros there, so the next layer may read whole vectors.
            for (int j = g.Outputs; j < stride; j++)
            {
                Assert.Equal(0f, y[j]);
            }

            // Every width adds the same terms in the same order with fused multiply-adds, so the bits agree.
            first ??= y;
            Assert.Equal(first, y);
        }

        var viaDispatch = new float[stride];
        SparseGemv.Affine(x, paddedWeights, stride, paddedBias, viaDispatch);
        Assert.Equal(first, viaDispatch);
    }

    [Fact]
    public void An_all_zero_input_gives_the_bias()
    {
        float[] weights = RandomValues.Uniform(20 * 16, 1);
        float[] bias = RandomValues.Uniform(16, 2);
        var y = new float[16];
        SparseGemv.Affine(new float[20], weights, 16, bias, y);
        Assert.Equal(bias, y);
    }

    [Fact]
    public void Padded_strides_are_whole_cache_lines()
    {
        Assert.Equal(16, SparseGemv.PaddedStride(1));
        Assert.Equal(16, SparseGemv.PaddedStride(16));
        Assert.Equal(112, SparseGemv.PaddedStride(100));
        Assert.Equal(256, SparseGemv.PaddedStride(256));
    }

    /// <summary>Uniform values with about <paramref name="zeroPercent"/> % of them set to exactly 0.</summary>
    private static float[] SparseInput(int length, int zeroPercent, int seed)
    {
        float[] x = RandomValues.Uniform(length, seed);
        var random = new Random(seed + 3);
        for (int i = 0; i < length; i++)
        {
            if (random.Next(100) < zeroPercent)
            {
                x[i] = 0f;
            }
        }

        return x;
    }

    private static float[] Pad(float[] matrix, int rows, int columns, int stride)
    {
        var padded = new float[rows * stride];
        for (int i = 0; i < rows; i++)
        {
            matrix.AsSpan(i * columns, columns).CopyTo(padded.AsSpan(i * stride));
        }

        return padded;
    }
}
