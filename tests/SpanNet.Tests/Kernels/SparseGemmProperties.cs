using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary><see cref="Gemm.MultiplyAddSparseA"/> against the naive reference, at every width, on A of every sparsity.</summary>
public class SparseGemmProperties
{
    // As for the dense GEMM: a float dot product of length k in any order is within γₖ·Σ|aᵢbᵢ| (Higham §3.1), plus β·C.
    private const double UnitRoundoff = 1.0 / (1 << 24);

    private static double Bound(int k, double absoluteSum) => ((k + 3) * UnitRoundoff * 1.01 * absoluteSum) + 1e-30;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Every_width_matches_the_naive_reference_at_any_sparsity(GemmCase g)
    {
        // The seed picks the fraction of zeros, from none to all, so dense rows, empty rows and everything between occur.
        double zeros = (g.Seed % 5) / 4.0;
        float[] a = Sparse(RandomValues.Uniform(g.M * g.K, g.Seed), zeros, g.Seed);
        float[] b = RandomValues.Uniform(g.K * g.N, g.Seed + 1);
        float[] c0 = RandomValues.Uniform(g.M * g.N, g.Seed + 2);
        bool transposeA = g.OpA == MatrixOperation.Transpose;
        (double[] expected, double[] absoluteSum) = NaiveKernels.Gemm(a, b, c0, g.M, g.N, g.K, transposeA, false, 1f, g.Beta);

        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            float[] c = (float[])c0.Clone();
            SpanNet.Kernels.Gemm.MultiplyAddSparseA(a, b, c, g.M, g.N, g.K, g.OpA, g.Beta);
            AssertClose(expected, absoluteSum, c, g.K, width);
        }

        float[] viaPublicApi = (float[])c0.Clone();
        Gemm.MultiplyAddSparseA(a, b, viaPublicApi, g.M, g.N, g.K, g.OpA, g.Beta);
        AssertClose(expected, absoluteSum, viaPublicApi, g.K, SimdWidth.Vector512);
    }

    [Fact]
    public void A_row_longer_than_one_gather_chunk_is_summed_whole()
    {
        // k = 5000 exceeds the 4,096 entries gathered per pass, so the row is done in two chunks.
        const int m = 2, n = 3, k = 5000;
        float[] a = Sparse(RandomValues.Uniform(m * k, 1), 0.5, 1);
        float[] b = RandomValues.Uniform(k * n, 2);
        var c = new float[m * n];
        (double[] expected, double[] absoluteSum) = NaiveKernels.Gemm(a, b, c, m, n, k, false, false, 1f, 0f);

        Gemm.MultiplyAddSparseA(a, b, c, m, n, k);

        AssertClose(expected, absoluteSum, c, k, SimdWidth.Vector512);
    }

    [Fact]
    public void A_transposed_product_over_several_blocks_and_chunks_is_summed_whole()
    {
        // Aᵀ·B with 150 rows of C (three blocks of 64 lists, the last ragged) and k = 300 (three chunks of 128 rows of A),
        // at every width, every row of A a different density so empty and full lists both occur.
        const int m = 150, n = 37, k = 300;
        var a = new float[k * m];
        for (int p = 0; p < k; p++)
        {
            Sparse(RandomValues.Uniform(m, 5 + p), (p % 7) / 6.0, p).CopyTo(a, p * m);
        }

        float[] b = RandomValues.Uniform(k * n, 6);
        float[] c0 = RandomValues.Uniform(m * n, 7);
        (double[] expected, double[] absoluteSum) = NaiveKernels.Gemm(a, b, c0, m, n, k, true, false, 1f, 1f);
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            float[] c = (float[])c0.Clone();
            SpanNet.Kernels.Gemm.MultiplyAddSparseA(a, b, c, m, n, k, MatrixOperation.Transpose, 1f);
            AssertClose(expected, absoluteSum, c, k, width);
        }
    }

    [Fact]
    public void Repeated_runs_give_the_same_bits()
    {
        const int m = 7, n = 37, k = 53;
        float[] a = Sparse(RandomValues.Uniform(m * k, 3), 0.7, 3);
        float[] b = RandomValues.Uniform(k * n, 4);
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            var first = new float[m * n];
            var second = new float[m * n];
            SpanNet.Kernels.Gemm.MultiplyAddSparseA(a, b, first, m, n, k, MatrixOperation.Identity, 0f);
            SpanNet.Kernels.Gemm.MultiplyAddSparseA(a, b, second, m, n, k, MatrixOperation.Identity, 0f);
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void Nan_and_infinity_in_A_propagate_and_beta_zero_does_not_read_C()
    {
        float[] a = [0f, float.NaN, 0f, 0f, float.PositiveInfinity, 0f];
        float[] b = [1f, 2f, 3f, 4f, 5f, 6f];
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];

        Gemm.MultiplyAddSparseA(a, b, c, 2, 2, 3);

        Assert.True(float.IsNaN(c[0]) && float.IsNaN(c[1]));
        Assert.Equal([float.PositiveInfinity, float.PositiveInfinity], c[2..]);
    }

    [Fact]
    public void A_zero_in_A_skips_its_row_of_B_even_when_that_row_is_not_finite()
    {
        float[] c = new float[2];
        Gemm.MultiplyAddSparseA([0f, 2f], [float.NaN, float.NaN, 1f, 3f], c, 1, 2, 2);
        Assert.Equal([2f, 6f], c);
    }

    [Theory]
    [InlineData(5, 6, 9, "a")]
    [InlineData(6, 5, 9, "b")]
    [InlineData(6, 6, 8, "c")]
    public void Mismatched_lengths_are_rejected_before_writing(int aLength, int bLength, int cLength, string parameter)
    {
        var c = new float[cLength];
        Array.Fill(c, 7f);
        ArgumentException e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddSparseA(new float[aLength], new float[bLength], c, 3, 3, 2));
        Assert.Equal(parameter, e.ParamName);
        Assert.All(c, v => Assert.Equal(7f, v));
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 100)]
    public void Non_zero_fraction_counts_every_nonzero(LengthCase l)
    {
        float[] x = Sparse(RandomValues.Uniform(l.Length, l.Seed), (l.Seed % 5) / 4.0, l.Seed);
        int nonZero = 0;
        foreach (float v in x)
        {
            nonZero += v != 0f ? 1 : 0;
        }

        float expected = l.Length == 0 ? 0f : (float)nonZero / l.Length;
        Assert.Equal(expected, Reductions.NonZeroFraction(x), 1e-6f);
    }

    [Fact]
    public void Non_zero_fraction_counts_nan_and_infinity_and_not_negative_zero()
    {
        Assert.Equal(0.75f, Reductions.NonZeroFraction([float.NaN, float.NegativeInfinity, -0f, 1e-30f]));
    }

    /// <summary>Sets about <paramref name="zeros"/> of the values to 0, negative zero included.</summary>
    private static float[] Sparse(float[] values, double zeros, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            if (random.NextDouble() < zeros)
            {
                values[i] = random.Next(2) == 0 ? 0f : -0f;
            }
        }

        return values;
    }

    private static void AssertClose(double[] expected, double[] absoluteSum, float[] actual, int k, SimdWidth width)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= Bound(k, absoluteSum[i]), $"{width}: element {i} is {actual[i]}, expected {expected[i]} (error {error:E2})");
        }
    }
}
