using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Gemm
{
    /// <summary>Most vectors of columns one direct pass accumulates at once (eight accumulators plus a tail).</summary>
    private const int DirectBlockVectors = 8;

    /// <summary>
    /// The unpacked path for a few rows with B as stored (k × n): each row of C is Σₚ A(i,p) · B[p, :], streamed
    /// straight from B. B does not fit in L1 at the MNIST shapes, so the time goes into reading it from L2: each row
    /// of C is therefore computed in as few passes over B as possible, one per 8 vectors of columns, with a ragged
    /// end handled by one extra vector that overlaps the previous one (its overlapping lanes are discarded).
    /// </summary>
    private static void MultiplyDirect<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha)
        where TVec : struct, IFloatVector<TVec>
    {
        nint kStride = shape.OpA == MatrixOperation.Identity ? 1 : shape.Lda;
        nint rowStride = shape.OpA == MatrixOperation.Identity ? shape.Lda : 1;
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        var row = new DirectRow(kStride, shape.Ldb, shape.K, shape.N, alpha);
        for (int i = 0; i < shape.M; i++)
        {
            DirectRowOf<TVec>(in row, ref Unsafe.Add(ref aRef, i * rowStride), ref bRef, ref Unsafe.Add(ref cRef, i * (nint)shape.Ldc));
        }
    }

    /// <summary>One row of C on the widest width whose vector fits in n, narrowing for small n.</summary>
    private static void DirectRowOf<TVec>(in DirectRow row, ref float aRow, ref float b, ref float cRow)
        where TVec : struct, IFloatVector<TVec>
    {
        if (row.N < TVec.Count)
        {
            if (TVec.Count > FloatVector256.Count)
            {
                DirectRowOf<FloatVector256>(in row, ref aRow, ref b, ref cRow);
            }
            else if (TVec.Count > FloatVector128.Count)
            {
                DirectRowOf<FloatVector128>(in row, ref aRow, ref b, ref cRow);
            }
            else
            {
                DirectScalarColumns(in row, ref aRow, ref b, ref cRow);
            }

            return;
        }

        int width = TVec.Count;
        int j = 0;
        for (; row.N - j > DirectBlockVectors * width; j += DirectBlockVectors * width)
        {
            DirectBlock<TVec, Eight>(in row, ref aRow, ref b, ref cRow, j, tail: 0);
        }

        // What is left is 1 to 8 vectors' worth: the whole vectors, plus one overlapping vector for a ragged end.
        int remaining = row.N - j;
        int vectors = remaining / width;
        int tail = remaining - (vectors * width);
        switch (vectors)
        {
            case 0: DirectBlock<TVec, Zero>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            case 1: DirectBlock<TVec, One>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            case 2: DirectBlock<TVec, Two>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            case 3: DirectBlock<TVec, Three>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            case 4: DirectBlock<TVec, Four>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            case 5: DirectBlock<TVec, Five>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            case 6: DirectBlock<TVec, Six>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            case 7: DirectBlock<TVec, Seven>(in row, ref aRow, ref b, ref cRow, j, tail); break;
            default: DirectBlock<TVec, Eight>(in row, ref aRow, ref b, ref cRow, j, tail); break;
        }
    }

    /// <summary>
    /// C[start .. start + TCount·W) += α · Σₚ A(p) · B[p, …] in one pass over k; when <paramref name="tail"/> &gt; 0 the
    /// same pass also accumulates the vector ending at column n and adds only its last <paramref name="tail"/> lanes.
    /// </summary>
    private static void DirectBlock<TVec, TCount>(in DirectRow row, ref float aRow, ref float b, ref float cRow, int start, int tail)
        where TVec : struct, IFloatVector<TVec>
        where TCount : struct, IVectorCount
    {
        // The tail's presence is a type argument too, so neither loop carries a runtime branch.
        if (tail > 0)
        {
            DirectBlock<TVec, TCount, One>(in row, ref aRow, ref b, ref cRow, start, tail);
        }
        else
        {
            DirectBlock<TVec, TCount, Zero>(in row, ref aRow, ref b, ref cRow, start, tail);
        }
    }

    private static void DirectBlock<TVec, TCount, TTail>(in DirectRow row, ref float aRow, ref float b, ref float cRow, int start, int tail)
        where TVec : struct, IFloatVector<TVec>
        where TCount : struct, IVectorCount
        where TTail : struct, IVectorCount
    {
        nuint w = (nuint)TVec.Count;
        int tailStart = row.N - TVec.Count;
        TVec s0 = TVec.Zero, s1 = TVec.Zero, s2 = TVec.Zero, s3 = TVec.Zero;
        TVec s4 = TVec.Zero, s5 = TVec.Zero, s6 = TVec.Zero, s7 = TVec.Zero, st = TVec.Zero;
        ref float bRow = ref Unsafe.Add(ref b, start);
        ref float a = ref aRow;
        nint tailOffset = tailStart - start;
        nint kStride = row.KStride, ldb = row.Ldb;
        for (int p = 0; p < row.K; p++)
        {
            TVec av = TVec.Create(a);
            if (TCount.Value > 0) { s0 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 0), s0); }
            if (TCount.Value > 1) { s1 = TVec.MultiplyAdd(av, TVec.Load(in bRow, w), s1); }
            if (TCount.Value > 2) { s2 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 2 * w), s2); }
            if (TCount.Value > 3) { s3 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 3 * w), s3); }
            if (TCount.Value > 4) { s4 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 4 * w), s4); }
            if (TCount.Value > 5) { s5 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 5 * w), s5); }
            if (TCount.Value > 6) { s6 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 6 * w), s6); }
            if (TCount.Value > 7) { s7 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 7 * w), s7); }
            if (TTail.Value > 0) { st = TVec.MultiplyAdd(av, TVec.Load(in Unsafe.Add(ref bRow, tailOffset), 0), st); }
            a = ref Unsafe.Add(ref a, kStride);
            bRow = ref Unsafe.Add(ref bRow, ldb);
        }

        TVec scale = TVec.Create(row.Alpha);
        ref float cBlock = ref Unsafe.Add(ref cRow, start);
        if (TCount.Value > 0) { TVec.Store(TVec.MultiplyAdd(s0, scale, TVec.Load(in cBlock, 0)), ref cBlock, 0); }
        if (TCount.Value > 1) { TVec.Store(TVec.MultiplyAdd(s1, scale, TVec.Load(in cBlock, w)), ref cBlock, w); }
        if (TCount.Value > 2) { TVec.Store(TVec.MultiplyAdd(s2, scale, TVec.Load(in cBlock, 2 * w)), ref cBlock, 2 * w); }
        if (TCount.Value > 3) { TVec.Store(TVec.MultiplyAdd(s3, scale, TVec.Load(in cBlock, 3 * w)), ref cBlock, 3 * w); }
        if (TCount.Value > 4) { TVec.Store(TVec.MultiplyAdd(s4, scale, TVec.Load(in cBlock, 4 * w)), ref cBlock, 4 * w); }
        if (TCount.Value > 5) { TVec.Store(TVec.MultiplyAdd(s5, scale, TVec.Load(in cBlock, 5 * w)), ref cBlock, 5 * w); }
        if (TCount.Value > 6) { TVec.Store(TVec.MultiplyAdd(s6, scale, TVec.Load(in cBlock, 6 * w)), ref cBlock, 6 * w); }
        if (TCount.Value > 7) { TVec.Store(TVec.MultiplyAdd(s7, scale, TVec.Load(in cBlock, 7 * w)), ref cBlock, 7 * w); }
        if (TTail.Value > 0)
        {
            // Lanes before the last `tail` overlap columns a full vector above already added; drop them.
            Unsafe.SkipInit(out EdgeTile spill);
            ref float spillRef = ref Unsafe.As<EdgeTile, float>(ref spill);
            TVec.Store(st, ref spillRef, 0);
            AddTail(ref spillRef, ref Unsafe.Add(ref cRow, row.N - tail), TVec.Count - tail, tail, row.Alpha);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddTail(ref float spill, ref float destination, int skip, int count, float alpha)
    {
        for (int j = 0; j < count; j++)
        {
            Unsafe.Add(ref destination, j) = MathF.FusedMultiplyAdd(Unsafe.Add(ref spill, skip + j), alpha, Unsafe.Add(ref destination, j));
        }
    }

    /// <summary>Columns narrower than the narrowest vector: scalar, with k split four ways to keep FMAs independent.</summary>
    private static void DirectScalarColumns(in DirectRow row, ref float aRow, ref float b, ref float cRow)
    {
        for (int j = 0; j < row.N; j++)
        {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int p = 0;
            for (; p + 4 <= row.K; p += 4)
            {
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref aRow, p * row.KStride), Unsafe.Add(ref b, (p * row.Ldb) + j), s0);
                s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref aRow, (p + 1) * row.KStride), Unsafe.Add(ref b, ((p + 1) * row.Ldb) + j), s1);
                s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref aRow, (p + 2) * row.KStride), Unsafe.Add(ref b, ((p + 2) * row.Ldb) + j), s2);
                s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref aRow, (p + 3) * row.KStride), Unsafe.Add(ref b, ((p + 3) * row.Ldb) + j), s3);
            }

            for (; p < row.K; p++)
            {
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref aRow, p * row.KStride), Unsafe.Add(ref b, (p * row.Ldb) + j), s0);
            }

            Unsafe.Add(ref cRow, j) = MathF.FusedMultiplyAdd((s0 + s1) + (s2 + s3), row.Alpha, Unsafe.Add(ref cRow, j));
        }
    }

    /// <summary>The loop-invariant part of a direct product: strides, sizes and α.</summary>
    private readonly struct DirectRow(nint kStride, nint ldb, int k, int n, float alpha)
    {
        public nint KStride { get; } = kStride;

        public nint Ldb { get; } = ldb;

        public int K { get; } = k;

        public int N { get; } = n;

        public float Alpha { get; } = alpha;
    }
}
