using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Memory;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

public class GemmProperties
{
    // A float dot product of length k with any summation order is within γₖ·Σ|aᵢbᵢ| of the exact value, where
    // γₖ = k·u/(1 − k·u) and u = 2⁻²⁴ (Higham, Accuracy and Stability, §3.1). β·C and the α scaling add two roundings.
    private const double UnitRoundoff = 1.0 / (1 << 24);

    private static double Bound(int k, double absoluteSum) => ((k + 3) * UnitRoundoff * 1.01 * absoluteSum) + 1e-30;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Every_width_matches_the_naive_reference(GemmCase g)
    {
        float[] a = RandomValues.Uniform(g.M * g.K, g.Seed);
        float[] b = RandomValues.Uniform(g.K * g.N, g.Seed + 1);
        float[] c0 = RandomValues.Uniform(g.M * g.N, g.Seed + 2);
        (double[] expected, double[] absoluteSum) = NaiveKernels.Gemm(
            a, b, c0, g.M, g.N, g.K, g.OpA == MatrixOperation.Transpose, g.OpB == MatrixOperation.Transpose, g.Alpha, g.Beta);
        var shape = new GemmShape(g.M, g.N, g.K, g.OpA, g.OpB, g.OpA == MatrixOperation.Identity ? g.K : g.M, g.OpB == MatrixOperation.Identity ? g.N : g.K, g.N);

        using var scratch = new GemmScratch();
        foreach (SimdWidth width in Widths.Available)
        {
            // Every loop: the size rule's choice, and each variant forced (B packed, B read in place, B streamed).
            foreach (GemmVariant variant in Enum.GetValues<GemmVariant>())
            {
                using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
                using KernelVariants.Forced forcedVariant = KernelVariants.Force(variant);
                float[] c = (float[])c0.Clone();
                SpanNet.Kernels.Gemm.Multiply(a, b, c, in shape, g.Alpha, g.Beta, scratch.PackedA, scratch.PackedB);
                AssertClose(expected, absoluteSum, c, g.K, width);
            }
        }

        float[] viaPublicApi = (float[])c0.Clone();
        Gemm.MultiplyAdd(a, b, viaPublicApi, g.M, g.N, g.K, g.OpA, g.OpB, g.Alpha, g.Beta);
        AssertClose(expected, absoluteSum, viaPublicApi, g.K, SimdWidth.Vector512);
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void Strided_views_touch_only_their_elements(GemmCase g)
    {
        const int pad = 3;
        int aRows = g.OpA == MatrixOperation.Identity ? g.M : g.K, aCols = g.OpA == MatrixOperation.Identity ? g.K : g.M;
        int bRows = g.OpB == MatrixOperation.Identity ? g.K : g.N, bCols = g.OpB == MatrixOperation.Identity ? g.N : g.K;
        float[] aDense = RandomValues.Uniform(g.M * g.K, g.Seed);
        float[] bDense = RandomValues.Uniform(g.K * g.N, g.Seed + 1);
        float[] cDense = RandomValues.Uniform(g.M * g.N, g.Seed + 2);
        float[] a = Spread(aDense, aRows, aCols, pad);
        float[] b = Spread(bDense, bRows, bCols, pad);
        float[] c = Spread(cDense, g.M, g.N, pad);
        const float sentinel = 12345f;
        for (int i = 0; i < g.M; i++)
        {
            c.AsSpan((i * (g.N + pad)) + g.N, pad).Fill(sentinel);
        }

        Gemm.MultiplyAdd(
            new ReadOnlyMatrixView(a, aRows, aCols, aCols + pad),
            new ReadOnlyMatrixView(b, bRows, bCols, bCols + pad),
            new MatrixView(c, g.M, g.N, g.N + pad),
            g.OpA,
            g.OpB,
            g.Alpha,
            g.Beta);

        (double[] expected, double[] absoluteSum) = NaiveKernels.Gemm(
            aDense, bDense, cDense, g.M, g.N, g.K, g.OpA == MatrixOperation.Transpose, g.OpB == MatrixOperation.Transpose, g.Alpha, g.Beta);
        var packedBack = new float[g.M * g.N];
        for (int i = 0; i < g.M; i++)
        {
            c.AsSpan(i * (g.N + pad), g.N).CopyTo(packedBack.AsSpan(i * g.N));
            Assert.All(c.AsSpan((i * (g.N + pad)) + g.N, pad).ToArray(), v => Assert.Equal(sentinel, v));
        }

        AssertClose(expected, absoluteSum, packedBack, g.K, SimdWidth.Vector512);
    }

    [Fact]
    public void Beta_zero_does_not_read_C()
    {
        float[] a = RandomValues.Uniform(3 * 4, 1);
        float[] b = RandomValues.Uniform(4 * 5, 2);
        var c = new float[15];
        Array.Fill(c, float.NaN);
        Gemm.MultiplyAdd(a, b, c, 3, 5, 4);
        Assert.All(c, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Known_product_is_exact()
    {
        // [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]; small integers are exact in float.
        float[] c = new float[4];
        Gemm.MultiplyAdd([1, 2, 3, 4], [5, 6, 7, 8], c, 2, 2, 2);
        Assert.Equal([19f, 22f, 43f, 50f], c);
        Gemm.MultiplyAdd([1, 2, 3, 4], [5, 6, 7, 8], c, 2, 2, 2, MatrixOperation.Transpose, MatrixOperation.Transpose, alpha: 1, beta: 1);

        // AᵀBᵀ = (BA)ᵀ = [[23,31],[34,46]], added to the previous C.
        Assert.Equal([42f, 53f, 77f, 96f], c);
    }

    [Theory]
    [InlineData(-1, 2, 2, "m")]
    [InlineData(2, -1, 2, "n")]
    [InlineData(2, 2, -1, "k")]
    public void Negative_sizes_are_rejected(int m, int n, int k, string parameter)
    {
        var c = new float[] { 7f };
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => Gemm.MultiplyAdd(new float[4], new float[4], c, m, n, k));
        Assert.Equal(parameter, e.ParamName);
        Assert.Equal(7f, c[0]);
    }

    [Theory]
    [InlineData(5, 6, 9, "a")]
    [InlineData(6, 5, 9, "b")]
    [InlineData(6, 6, 8, "c")]
    public void Mismatched_lengths_are_rejected_before_writing(int aLength, int bLength, int cLength, string parameter)
    {
        var c = new float[cLength];
        Array.Fill(c, 7f);
        ArgumentException e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(new float[aLength], new float[bLength], c, 3, 3, 2));
        Assert.Equal(parameter, e.ParamName);
        Assert.All(c, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void An_output_overlapping_an_input_is_rejected_before_writing()
    {
        float[] buffer = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f];
        ArgumentException e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(buffer.AsSpan(0, 4), buffer.AsSpan(4, 4), buffer.AsSpan(2, 4), 2, 2, 2));
        Assert.Equal("c", e.ParamName);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], buffer);
    }

    [Fact]
    public void Views_with_disagreeing_shapes_are_rejected()
    {
        var c = new float[6];
        ArgumentException e = Assert.Throws<ArgumentException>(() =>
            Gemm.MultiplyAdd(new ReadOnlyMatrixView(new float[6], 2, 3), new ReadOnlyMatrixView(new float[6], 2, 3), new MatrixView(c, 2, 3)));
        Assert.Equal("b", e.ParamName);
    }

    private static float[] Spread(float[] dense, int rows, int columns, int pad)
    {
        var spread = new float[rows * (columns + pad)];
        for (int i = 0; i < rows; i++)
        {
            dense.AsSpan(i * columns, columns).CopyTo(spread.AsSpan(i * (columns + pad)));
        }

        return spread;
    }

    private static void AssertClose(double[] expected, double[] absoluteSum, float[] actual, int k, SimdWidth width)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            double bound = Bound(k, absoluteSum[i]);
            Assert.True(error <= bound, $"{width}: element {i} is {actual[i]}, expected {expected[i]} (error {error:E3} > bound {bound:E3})");
        }
    }
}
