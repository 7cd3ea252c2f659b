using System;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Products of one to three columns take a rows-in-lanes path at 256 and 512 bits (<c>Gemm.NarrowColumns.cs</c>) that
/// must give the packed loop nest's bits: the same k blocks, the same order of fused multiply-adds per element, the
/// same final <c>fma(acc, α, βC)</c>. Compared here, bit for bit, with the packed nest forced, for every transpose,
/// row counts around the panel (8) and four-panel (32) and row-block (128) edges, and depths across a k block (256).
/// </summary>
public class GemmNarrowColumnsTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int n in (int[])[1, 2, 3, 4])
        {
            foreach (int m in (int[])[5, 8, 9, 31, 32, 33, 100, 129, 300])
            {
                foreach (int k in (int[])[1, 13, 32, 100, 257])
                {
                    data.Add(m, n, k);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Narrow_products_keep_the_bits_of_the_packed_nest(int m, int n, int k)
    {
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forcedWidth = WidthDispatcher.Force(width);
            foreach (MatrixOperation opA in (MatrixOperation[])[MatrixOperation.Identity, MatrixOperation.Transpose])
            {
                foreach (MatrixOperation opB in (MatrixOperation[])[MatrixOperation.Identity, MatrixOperation.Transpose])
                {
                    foreach ((float alpha, float beta) in ((float, float)[])[(1f, 0f), (1f, 1f), (0.75f, -0.5f)])
                    {
                        float[] a = RandomValues.Uniform(m * k, m + k, 2f);
                        float[] b = RandomValues.Uniform(k * n, n + (3 * k), 2f);
                        float[] start = RandomValues.Uniform(m * n, m + n + 7, 2f);
                        float[] packed = (float[])start.Clone();
                        float[] rule = (float[])start.Clone();
                        using (KernelVariants.Force(GemmVariant.Packed))
                        {
                            Gemm.MultiplyAdd(a, b, packed, m, n, k, opA, opB, alpha, beta);
                        }

                        Gemm.MultiplyAdd(a, b, rule, m, n, k, opA, opB, alpha, beta);
                        for (int i = 0; i < rule.Length; i++)
                        {
                            Assert.True(
                                BitConverter.SingleToInt32Bits(packed[i]) == BitConverter.SingleToInt32Bits(rule[i]),
                                $"{m}×{n}×{k} {opA}/{opB} α {alpha} β {beta} at {width}: c[{i}] is {rule[i]:R}, the packed nest gives {packed[i]:R}");
                        }
                    }
                }
            }
        }
    }
}
