using System;
using System.Diagnostics;

namespace SpanNet.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// <see cref="MultiplyAdd(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, MatrixOperation, MatrixOperation, float, float, GemmScratch?)"/>
    /// without its argument checks, for callers that checked the shapes once at their own boundary (a network's layers,
    /// every step): the checks are <see cref="Debug.Assert(bool, string)"/>s here, free in a release build — ImageSharp's
    /// Guard/DebugGuard split.
    /// </summary>
    internal static void MultiplyAddUnchecked(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int n,
        int k,
        MatrixOperation opA,
        MatrixOperation opB,
        float alpha,
        float beta,
        GemmScratch? scratch)
    {
        Debug.Assert(m >= 0 && n >= 0 && k >= 0, "sizes must not be negative");
        Debug.Assert(a.Length == (long)m * k && b.Length == (long)k * n && c.Length == (long)m * n, "span lengths must match the shape");
        Debug.Assert(!c.Overlaps(a) && !c.Overlaps(b), "C must not overlap A or B");
        var shape = new GemmShape(m, n, k, opA, opB, lda: opA == MatrixOperation.Identity ? k : m, ldb: opB == MatrixOperation.Identity ? n : k, ldc: n);
        Run(a, b, c, in shape, alpha, beta, scratch);
    }

    /// <summary><see cref="MultiplyAddSparseA"/> without its argument checks (see <see cref="MultiplyAddUnchecked"/>).</summary>
    internal static void MultiplyAddSparseAUnchecked(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, MatrixOperation opA, float beta)
    {
        Debug.Assert(m >= 0 && n >= 0 && k >= 0, "sizes must not be negative");
        Debug.Assert(a.Length == (long)m * k && b.Length == (long)k * n && c.Length == (long)m * n, "span lengths must match the shape");
        Debug.Assert(!c.Overlaps(a) && !c.Overlaps(b), "C must not overlap A or B");
        var call = new SparseACall(a, b, c, m, n, k, opA, beta);
        Simd.WidthDispatcher.Run(ref call);
    }
}
