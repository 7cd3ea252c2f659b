using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
                // Stored k × m: the MR values for one k are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    ref float from = ref Unsafe.Add(ref src, ((pc + p) * lda) + ic + ir);
                    ref float to = ref Unsafe.Add(ref panel, p * mr);
                    for (int r = 0; r < rows; r++)
                    {
                        Unsafe.Add(ref to, r) = Unsafe.Add(ref from, r);
                    }
                }
            }
            else
            {
                // Stored m × k: read each row forward, write it down the panel's column.
                for (int r = 0; r < rows; r++)
                {
                    ref float from = ref Unsafe.Add(ref src, ((ic + ir + r) * lda) + pc);
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref panel, (p * mr) + r) = Unsafe.Add(ref from, p);
                    }
                }
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
                // Stored k × n: each row of the panel is a contiguous run.
                for (int p = 0; p < kc; p++)
                {
                    ReadOnlySpan<float> from = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, ((pc + p) * ldb) + jc + jr), columns);
                    from.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref panel, p * width), columns));
                }
            }
            else
            {
                // Stored n × k: read each stored row forward, write it down the panel's column.
                for (int j = 0; j < columns; j++)
                {
                    ref float from = ref Unsafe.Add(ref src, ((jc + jr + j) * ldb) + pc);
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref panel, (p * width) + j) = Unsafe.Add(ref from, p);
                    }
                }
            }
        }
    }
}
