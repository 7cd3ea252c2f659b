using System;
using FsCheck;
using FsCheck.Fluent;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>A GEMM problem: shape, operations, scales, and a seed for the values.</summary>
public sealed record GemmCase(int M, int N, int K, MatrixOperation OpA, MatrixOperation OpB, float Alpha, float Beta, int Seed);

/// <summary>A span length and a seed for its values.</summary>
public sealed record LengthCase(int Length, int Seed);

/// <summary>A one-row dense layer: sizes, the share of zero inputs in percent, and a seed.</summary>
public sealed record SparseGemvCase(int Inputs, int Outputs, int ZeroPercent, int Seed);

/// <summary>A row-major batch shape and a seed.</summary>
public sealed record BatchCase(int Rows, int Columns, int Seed);

/// <summary>
/// FsCheck generators. Sizes come from <see cref="EdgeSizes"/> (0, 1, each vector width ±1, the micro-tile and cache
/// block sizes ±1) mixed with arbitrary sizes, so every branch of every width's body and tail is reached.
/// </summary>
public static class KernelArbitraries
{
    /// <summary>Sizes on either side of every boundary a kernel has: vector widths 4/8/16, NR 8/16/32, MR 8, MC 128, KC 256, NC 512.</summary>
    public static readonly int[] EdgeSizes =
        [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513];

    /// <summary>Largest m·n·k generated, to keep the double reference fast.</summary>
    private const long MaxGemmWork = 6_000_000;

    public static Arbitrary<GemmCase> GemmCases()
    {
        Gen<int> size = Gen.OneOf(Gen.Elements(EdgeSizes), Gen.Choose(0, 140), Gen.Choose(1, 700));
        Gen<MatrixOperation> op = Gen.Elements(MatrixOperation.Identity, MatrixOperation.Transpose);
        Gen<float> alpha = Gen.Elements(1f, 0f, -1f, 0.5f, 2.5f);
        Gen<float> beta = Gen.Elements(0f, 1f, -0.5f, 2f);
        Gen<GemmCase> gen =
            from m in size
            from n in size
            from k in size
            from opA in op
            from opB in op
            from a in alpha
            from b in beta
            from seed in Gen.Choose(0, int.MaxValue)
            select new GemmCase(m, n, k, opA, opB, a, b, seed);
        return gen.Where(c => (long)Math.Max(c.M, 1) * Math.Max(c.N, 1) * Math.Max(c.K, 1) <= MaxGemmWork).ToArbitrary();
    }

    public static Arbitrary<LengthCase> LengthCases()
    {
        Gen<int> length = Gen.OneOf(Gen.Elements(EdgeSizes), Gen.Choose(0, 300), Gen.Choose(0, 5000));
        return (from n in length from seed in Gen.Choose(0, int.MaxValue) select new LengthCase(n, seed)).ToArbitrary();
    }

    public static Arbitrary<SparseGemvCase> SparseGemvCases()
    {
        Gen<int> inputs = Gen.OneOf(Gen.Elements(EdgeSizes), Gen.Choose(0, 300), Gen.Elements(784));
        Gen<int> outputs = Gen.OneOf(Gen.Elements(1, 2, 10, 15, 16, 17, 100, 112, 127, 128, 129, 256, 257), Gen.Choose(1, 300));
        Gen<int> zeroPercent = Gen.Elements(0, 50, 80, 100);
        return (from k in inputs from n in outputs from z in zeroPercent from seed in Gen.Choose(0, int.MaxValue) select new SparseGemvCase(k, n, z, seed))
            .ToArbitrary();
    }

    public static Arbitrary<BatchCase> BatchCases()
    {
        Gen<int> rows = Gen.OneOf(Gen.Elements(0, 1, 2, 3, 17, 100), Gen.Choose(0, 40));
        Gen<int> columns = Gen.OneOf(Gen.Elements(1, 2, 3, 10, 15, 16, 17, 33, 100), Gen.Choose(1, 70));
        return (from r in rows from c in columns from seed in Gen.Choose(0, int.MaxValue) select new BatchCase(r, c, seed)).ToArbitrary();
    }
}
