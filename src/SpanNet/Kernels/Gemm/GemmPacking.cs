using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpanNet.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layouts the micro-kernel reads sequentially, zero-padding the
/// ragged last panel so the micro-kernel never needs a bounds check.
/// </summary>
internal static class GemmPacking
{
    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc] as panels of <see cref="GemmBlocking.Rows"/> rows: panel r holds, for each
    /// k in order, the MR values of that column (at offset r·kc).
    /// </summary>
    public static void PackA(ReadOnlySpan<float> a, in GemmShape shape, int ic, int pc, int mc, int kc, Span<float> packed)
    {
        const int mr = GemmBlocking.Rows;
        ref float src = ref MemoryMarshal.GetReference(a);
        ref float dst = ref MemoryMarshal.GetReference(packed);
        nint lda = shape.Lda;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            ref float panel = ref Unsafe.Add(ref dst, ir * kc);
            if (rows < mr)
            {
                packed.Slice(ir * kc, mr * kc).Clear();
            }

            if (shape.OpA == MatrixOperation.Transpose)
            {
                // Stored k × m: the MR values for one k are contiguous, one 256-bit copy when the panel is full.
                for (int p = 0; p < kc; p++)
                {
                    ref float from = ref Unsafe.Add(ref src, ((pc + p) * lda) + ic + ir);
                    ref float to = ref Unsafe.Add(ref panel, p * mr);
                    if (Vector256.IsHardwareAccelerated && rows == Vector256<float>.Count)
                    {
                        Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
                        continue;
                    }

                    for (int r = 0; r < rows; r++)
                    {
                        Unsafe.Add(ref to, r) = Unsafe.Add(ref from, r);
                    }
                }
            }
            else
            {
                // Stored m × k: the panel is the transpose of these rows.
                Transpose(ref Unsafe.Add(ref src, ((ic + ir) * lda) + pc), lda, rows, kc, ref panel, mr);
            }
        }
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] as panels of <paramref name="nr"/> columns: panel j holds, for each k in
    /// order, the NR values of that row (at offset j·kc). A ragged last panel is <paramref name="edgeWidth"/> wide.
    /// </summary>
    public static void PackB(ReadOnlySpan<float> b, in GemmShape shape, int pc, int jc, int kc, int nc, int nr, int edgeWidth, Span<float> packed)
    {
        ref float src = ref MemoryMarshal.GetReference(b);
        ref float dst = ref MemoryMarshal.GetReference(packed);
        nint ldb = shape.Ldb;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int columns = Math.Min(nr, nc - jr);
            int width = columns < nr ? edgeWidth : nr;
            ref float panel = ref Unsafe.Add(ref dst, jr * kc);
            if (columns < width)
            {
                packed.Slice(jr * kc, width * kc).Clear();
            }

            if (shape.OpB == MatrixOperation.Identity)
            {
                // Stored k × n: each row of the panel is a contiguous run, copied in registers. (Span.CopyTo per run
                // was a memmove call per k: about a quarter of a 32 × 784 × 100 product.)
                for (int p = 0; p < kc; p++)
                {
                    CopyRun(ref Unsafe.Add(ref src, ((pc + p) * ldb) + jc + jr), ref Unsafe.Add(ref panel, p * width), columns);
                }
            }
            else
            {
                // Stored n × k: the panel is the transpose of these rows, eight at a time.
                for (int j = 0; j < columns; j += TransposeBlock)
                {
                    ref float from = ref Unsafe.Add(ref src, ((jc + jr + j) * ldb) + pc);
                    Transpose(ref from, ldb, Math.Min(TransposeBlock, columns - j), kc, ref Unsafe.Add(ref panel, j), width);
                }
            }
        }
    }

    /// <summary>Copies <paramref name="count"/> floats (a panel row: at most 32), eight at a time, then one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(ref float from, ref float to, int count)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + Vector256<float>.Count <= count; j += Vector256<float>.Count)
            {
                Vector256.LoadUnsafe(ref from, (nuint)j).StoreUnsafe(ref to, (nuint)j);
            }
        }

        for (; j < count; j++)
        {
            Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);
        }
    }

    /// <summary>Rows per register transpose: eight rows of eight floats fill eight 256-bit registers.</summary>
    private const int TransposeBlock = 8;

    /// <summary>
    /// to[p · toStride + r] = from[r · fromStride + p] for r &lt; <paramref name="rows"/> (at most 8) and p &lt;
    /// <paramref name="length"/>: scattering rows into panel columns. Full 8 × 8 blocks go through
    /// <see cref="Transpose8x8"/>; the rest is element by element.
    /// </summary>
    private static void Transpose(ref float from, nint fromStride, int rows, int length, ref float to, nint toStride)
    {
        int p = 0;
        if (Avx.IsSupported && rows == TransposeBlock)
        {
            for (; p + TransposeBlock <= length; p += TransposeBlock)
            {
                Transpose8x8(ref Unsafe.Add(ref from, p), fromStride, ref Unsafe.Add(ref to, p * toStride), toStride);
            }
        }

        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref from, r * fromStride);
            for (int q = p; q < length; q++)
            {
                Unsafe.Add(ref to, (q * toStride) + r) = Unsafe.Add(ref row, q);
            }
        }
    }

    /// <summary>
    /// Transposes one 8 × 8 block in registers (unpack, shuffle, then swap 128-bit halves): 24 shuffles for 64
    /// elements, where the element loop costs a load and a scattered store each. Measured on the MNIST backward
    /// shapes: packing a transposed B dropped from the largest share of 100×784×100 with Bᵀ to a few percent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float from, nint fromStride, ref float to, nint toStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref from);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, fromStride));
        Vector256<float> r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 2 * fromStride));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 3 * fromStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 4 * fromStride));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 5 * fromStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 6 * fromStride));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref from, 7 * fromStride));

        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        const byte lowPairs = 0b01_00_01_00, highPairs = 0b11_10_11_10;
        Vector256<float> u0 = Avx.Shuffle(t0, t2, lowPairs), u1 = Avx.Shuffle(t0, t2, highPairs);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, lowPairs), u3 = Avx.Shuffle(t1, t3, highPairs);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, lowPairs), u5 = Avx.Shuffle(t4, t6, highPairs);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, lowPairs), u7 = Avx.Shuffle(t5, t7, highPairs);

        const byte lowHalves = 0x20, highHalves = 0x31;
        Avx.Permute2x128(u0, u4, lowHalves).StoreUnsafe(ref to);
        Avx.Permute2x128(u1, u5, lowHalves).StoreUnsafe(ref Unsafe.Add(ref to, toStride));
        Avx.Permute2x128(u2, u6, lowHalves).StoreUnsafe(ref Unsafe.Add(ref to, 2 * toStride));
        Avx.Permute2x128(u3, u7, lowHalves).StoreUnsafe(ref Unsafe.Add(ref to, 3 * toStride));
        Avx.Permute2x128(u0, u4, highHalves).StoreUnsafe(ref Unsafe.Add(ref to, 4 * toStride));
        Avx.Permute2x128(u1, u5, highHalves).StoreUnsafe(ref Unsafe.Add(ref to, 5 * toStride));
        Avx.Permute2x128(u2, u6, highHalves).StoreUnsafe(ref Unsafe.Add(ref to, 6 * toStride));
        Avx.Permute2x128(u3, u7, highHalves).StoreUnsafe(ref Unsafe.Add(ref to, 7 * toStride));
    }
}
