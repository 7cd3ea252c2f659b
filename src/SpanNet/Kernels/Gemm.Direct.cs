using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// The unpacked path for a few rows with B as stored (k × n): each row of C is Σₚ A(i,p) · B[p, :], streamed
    /// straight from B. Column blocks narrow from four vectors of the widest width down to scalar, so a ragged n
    /// never falls into a long scalar loop.
    /// </summary>
    private static void MultiplyDirect<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha)
        where TVec : struct, IFloatVector<TVec>
    {
        nint kStride = shape.OpA == MatrixOperation.Identity ? 1 : shape.Lda;
        nint rowStride = shape.OpA == MatrixOperation.Identity ? shape.Lda : 1;
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        for (int i = 0; i < shape.M; i++)
        {
            ref float aRow = ref Unsafe.Add(ref aRef, i * rowStride);
            ref float cRow = ref Unsafe.Add(ref cRef, i * (nint)shape.Ldc);
            int j = DirectColumns<TVec>(ref aRow, kStride, ref bRef, shape.Ldb, ref cRow, shape.K, 0, shape.N, alpha);
            if (TVec.Count > FloatVector256.Count)
            {
                j = DirectColumns<FloatVector256>(ref aRow, kStride, ref bRef, shape.Ldb, ref cRow, shape.K, j, shape.N, alpha);
            }

            if (TVec.Count > FloatVector128.Count)
            {
                j = DirectColumns<FloatVector128>(ref aRow, kStride, ref bRef, shape.Ldb, ref cRow, shape.K, j, shape.N, alpha);
            }

            DirectColumns<FloatScalar>(ref aRow, kStride, ref bRef, shape.Ldb, ref cRow, shape.K, j, shape.N, alpha);
        }
    }

    /// <summary>
    /// Adds α · Σₚ A(p) · B[p, j..] into C for as many whole vectors of <typeparamref name="TVec"/> as fit in
    /// [<paramref name="start"/>, <paramref name="end"/>); returns the first column not done.
    /// </summary>
    private static int DirectColumns<TVec>(ref float aRow, nint kStride, ref float b, nint ldb, ref float cRow, int k, int start, int end, float alpha)
        where TVec : struct, IFloatVector<TVec>
    {
        int width = TVec.Count;
        int j = start;
        TVec scale = TVec.Create(alpha);

        // Four vectors of columns: four independent accumulators keep both FMA pipes busy.
        for (; j + (4 * width) <= end; j += 4 * width)
        {
            TVec s0 = TVec.Zero, s1 = TVec.Zero, s2 = TVec.Zero, s3 = TVec.Zero;
            ref float bColumn = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                ref float bRow = ref Unsafe.Add(ref bColumn, p * ldb);
                TVec av = TVec.Create(Unsafe.Add(ref aRow, p * kStride));
                s0 = TVec.MultiplyAdd(av, TVec.Load(in bRow, 0), s0);
                s1 = TVec.MultiplyAdd(av, TVec.Load(in bRow, (nuint)width), s1);
                s2 = TVec.MultiplyAdd(av, TVec.Load(in bRow, (nuint)(2 * width)), s2);
                s3 = TVec.MultiplyAdd(av, TVec.Load(in bRow, (nuint)(3 * width)), s3);
            }

            ref float cBlock = ref Unsafe.Add(ref cRow, j);
            TVec.Store(TVec.MultiplyAdd(s0, scale, TVec.Load(in cBlock, 0)), ref cBlock, 0);
            TVec.Store(TVec.MultiplyAdd(s1, scale, TVec.Load(in cBlock, (nuint)width)), ref cBlock, (nuint)width);
            TVec.Store(TVec.MultiplyAdd(s2, scale, TVec.Load(in cBlock, (nuint)(2 * width))), ref cBlock, (nuint)(2 * width));
            TVec.Store(TVec.MultiplyAdd(s3, scale, TVec.Load(in cBlock, (nuint)(3 * width))), ref cBlock, (nuint)(3 * width));
        }

        // One vector of columns: split k four ways so the accumulators are still independent.
        for (; j + width <= end; j += width)
        {
            TVec s0 = TVec.Zero, s1 = TVec.Zero, s2 = TVec.Zero, s3 = TVec.Zero;
            ref float bColumn = ref Unsafe.Add(ref b, j);
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                s0 = TVec.MultiplyAdd(TVec.Create(Unsafe.Add(ref aRow, p * kStride)), TVec.Load(in Unsafe.Add(ref bColumn, p * ldb), 0), s0);
                s1 = TVec.MultiplyAdd(TVec.Create(Unsafe.Add(ref aRow, (p + 1) * kStride)), TVec.Load(in Unsafe.Add(ref bColumn, (p + 1) * ldb), 0), s1);
                s2 = TVec.MultiplyAdd(TVec.Create(Unsafe.Add(ref aRow, (p + 2) * kStride)), TVec.Load(in Unsafe.Add(ref bColumn, (p + 2) * ldb), 0), s2);
                s3 = TVec.MultiplyAdd(TVec.Create(Unsafe.Add(ref aRow, (p + 3) * kStride)), TVec.Load(in Unsafe.Add(ref bColumn, (p + 3) * ldb), 0), s3);
            }

            for (; p < k; p++)
            {
                s0 = TVec.MultiplyAdd(TVec.Create(Unsafe.Add(ref aRow, p * kStride)), TVec.Load(in Unsafe.Add(ref bColumn, p * ldb), 0), s0);
            }

            ref float cBlock = ref Unsafe.Add(ref cRow, j);
            TVec.Store(TVec.MultiplyAdd((s0 + s1) + (s2 + s3), scale, TVec.Load(in cBlock, 0)), ref cBlock, 0);
        }

        return j;
    }
}
