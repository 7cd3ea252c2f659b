using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;
using SpanNet.Threading;

namespace SpanNet.Kernels;

public static partial class Gemm
{
    /// <summary>Whether this shape runs the packed path and so needs packing panels.</summary>
    internal static bool NeedsPacking(in GemmShape shape) =>
        shape.K != 0 && shape.N != 0 && !(shape.OpB == MatrixOperation.Identity && KernelVariants.Gemm switch
        {
            GemmVariant.Direct => true,
            GemmVariant.Packed or GemmVariant.PackedAOnly => false,
            _ => shape.M <= GemmBlocking.DirectRowLimit,
        });

    /// <summary>
    /// Whether the packed loop nest reads B's micro-panels where B is stored instead of packing them, for micro-tiles
    /// <paramref name="columnsPerTile"/> wide. Needs B as stored (k × n rows) and at least one full micro-panel, so
    /// that a ragged last panel can be read as the vector that ends at column n.
    /// </summary>
    internal static bool ReadsBInPlace(in GemmShape shape, int columnsPerTile) =>
        shape.OpB == MatrixOperation.Identity && shape.N >= columnsPerTile && KernelVariants.Gemm switch
        {
            GemmVariant.PackedAOnly => true,
            GemmVariant.Packed => false,
            _ => GemmBlocking.ReadsBInPlace(in shape),
        };

    /// <summary>Runs one call at the dispatcher's width. Shapes were checked by the caller.</summary>
    internal static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, float beta, Span<float> packedA, Span<float> packedB)
    {
        var call = new MultiplyCall(a, b, c, in shape, alpha, beta, packedA, packedB);
        WidthDispatcher.Run(ref call);
    }

    /// <summary>Runs one call on width <typeparamref name="TVec"/>: direct, packed on this thread, or packed in parallel.</summary>
    private static void Multiply<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, float beta, Span<float> packedA, Span<float> packedB)
        where TVec : struct, IFloatVector<TVec>
    {
        var whole = new GemmBlock(0, shape.M, 0, shape.N);
        bool empty = shape.M == 0 || shape.N == 0 || shape.K == 0 || alpha == 0f;
        if (empty || !NeedsPacking(in shape))
        {
            ScaleC(c, in shape, whole, beta);
            if (!empty)
            {
                MultiplyDirect<TVec>(a, b, c, in shape, alpha);
            }

            return;
        }

        Debug.Assert(packedA.Length >= GemmBlocking.PackedALength && packedB.Length >= GemmBlocking.PackedBLength, "packing panels too small");
        if (UsesNarrowColumns<TVec>(in shape))
        {
            ScaleC(c, in shape, whole, beta);
            MultiplyNarrowColumns(a, b, c, in shape, alpha, packedA);
            return;
        }

        int parts = GemmPartition.Parts(in shape, GemmBlocking.ColumnVectors * TVec.Count, Parallelism.Pool.ThreadCount);
        bool bInPlace = ReadsBInPlace(in shape, GemmBlocking.ColumnVectors * TVec.Count);
        if (parts > 1)
        {
            MultiplyPackedInParallel<TVec>(a, b, c, in shape, alpha, beta, packedA, packedB, parts, bInPlace);
            return;
        }

        ScaleC(c, in shape, whole, beta);
        MultiplyPacked<TVec>(a, b, c, in shape, alpha, whole, packedA, packedB, bInPlace);
    }

    /// <summary>C *= β over one block of C: β = 0 clears it without reading it (BLAS semantics), β = 1 leaves it.</summary>
    private static void ScaleC(Span<float> c, in GemmShape shape, GemmBlock block, float beta)
    {
        if (beta == 1f || block.ColumnEnd == block.ColumnStart)
        {
            return;
        }

        for (int i = block.RowStart; i < block.RowEnd; i++)
        {
            Span<float> row = c.Slice((i * shape.Ldc) + block.ColumnStart, block.ColumnEnd - block.ColumnStart);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                ElementWise.Apply<MultiplyByScalarOperator>(row, beta, row);
            }
        }
    }

    /// <summary>
    /// The Goto/BLIS loop nest over one block of C: NC columns, KC depth, MC rows, then micro-tiles of MR rows by NR
    /// columns, a row of tiles at a time. Each element of C gets the same sequence of operations whatever block it is
    /// computed in — a fused multiply-add chain over each depth block, added to C in depth order — which is what lets
    /// threads split C freely, and whether B was packed or read in place (<paramref name="bInPlace"/>) changes nothing
    /// either. Never inlined, so a worker's part compiles it with a whole inlining budget, as the caller's thread does.
    /// </summary>
    /// <remarks>
    /// The micro-panel of A (MR × KC, 8 KiB) stays in L1 across a row of tiles while the micro-panels of B stream from
    /// the L2-resident B block: 128 bytes of B per 16 FMAs, well within any L2's bandwidth.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyPacked<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, GemmBlock block, Span<float> packedA, Span<float> packedB, bool bInPlace)
        where TVec : struct, IFloatVector<TVec>
    {
        int nr = GemmBlocking.ColumnVectors * TVec.Count;
        int mr = GemmBlocking.Rows;
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        ref float paRef = ref MemoryMarshal.GetReference(packedA);
        ref float pbRef = ref MemoryMarshal.GetReference(packedB);
        nint ldb = shape.Ldb, ldc = shape.Ldc;

        // Split k into equal blocks rather than KC-sized ones plus a sliver: a last block of a few k-steps would pay a
        // whole pass of C loads and stores for almost no arithmetic.
        int depthBlocks = (shape.K + GemmBlocking.Depth - 1) / GemmBlocking.Depth;
        int depth = (shape.K + depthBlocks - 1) / depthBlocks;
        for (int jc = block.ColumnStart; jc < block.ColumnEnd; jc += GemmBlocking.ColumnBlock)
        {
            int nc = Math.Min(GemmBlocking.ColumnBlock, block.ColumnEnd - jc);
            for (int pc = 0; pc < shape.K; pc += depth)
            {
                int kc = Math.Min(depth, shape.K - pc);
                if (!bInPlace)
                {
                    GemmPacking.PackB(b, in shape, pc, jc, kc, nc, nr, EdgePanelWidth<TVec>(nc % nr), packedB);
                }

                for (int ic = block.RowStart; ic < block.RowEnd; ic += GemmBlocking.RowBlock)
                {
                    int mc = Math.Min(GemmBlocking.RowBlock, block.RowEnd - ic);
                    GemmPacking.PackA(a, in shape, ic, pc, mc, kc, packedA);
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        int rows = Math.Min(mr, mc - ir);
                        ref float panelA = ref Unsafe.Add(ref paRef, ir * kc);
                        ref float tileRow = ref Unsafe.Add(ref cRef, ((ic + ir) * ldc) + jc);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int columns = Math.Min(nr, nc - jr);
                            if (!bInPlace)
                            {
                                MicroKernelFor<TVec>(kc, ref panelA, ref Unsafe.Add(ref pbRef, jr * kc), EdgePanelWidth<TVec>(columns == nr ? 0 : columns), ref Unsafe.Add(ref tileRow, jr), ldc, alpha, rows, columns, 0);
                                continue;
                            }

                            // In place, a ragged last panel is read as the vector ending at column n (n ≥ NR, so it
                            // exists); the lanes before it belong to the previous panel and are dropped.
                            int skip = columns == nr ? 0 : EdgePanelWidth<TVec>(columns) - columns;
                            ref float panelB = ref Unsafe.Add(ref bRef, (pc * ldb) + jc + jr - skip);
                            MicroKernelFor<TVec>(kc, ref panelA, ref panelB, ldb, ref Unsafe.Add(ref tileRow, jr - skip), ldc, alpha, rows, columns, skip);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The packed width of a ragged last panel of <paramref name="columns"/> columns: one vector of the narrowest width
    /// that holds them (4, 8 or <typeparamref name="TVec"/>'s count), else the full two vectors. Four leftover columns
    /// (N = 100) thus cost one 128-bit FMA per row and k where a two-vector edge tile cost two: on Zen 4, whose 512-bit
    /// FMA takes both 256-bit pipes, that was a seventh of the whole product at 100 × 784 × 100.
    /// </summary>
    internal static int EdgePanelWidth<TVec>(int columns)
        where TVec : struct, IFloatVector<TVec>
    {
        int full = GemmBlocking.ColumnVectors * TVec.Count;
        if (columns == 0)
        {
            return full;
        }

        if (columns <= FloatVector128.Count && TVec.Count > FloatVector128.Count)
        {
            return FloatVector128.Count;
        }

        if (columns <= FloatVector256.Count && TVec.Count > FloatVector256.Count)
        {
            return FloatVector256.Count;
        }

        return columns <= TVec.Count ? TVec.Count : full;
    }

    /// <summary>
    /// Runs the micro-kernel that fits the tile: full tiles the 8-row, two-vector kernel; the last panel of rows a
    /// 4-row kernel when it has at most four; a narrow last panel of columns a one-vector kernel of the width it was
    /// packed at (<see cref="EdgePanelWidth{TVec}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernelFor<TVec>(int kc, ref float panelA, ref float panelB, nint bStride, ref float tile, nint ldc, float alpha, int rows, int columns, int skip)
        where TVec : struct, IFloatVector<TVec>
    {
        int full = GemmBlocking.ColumnVectors * TVec.Count;
        if (columns == full)
        {
            if (rows == GemmBlocking.Rows)
            {
                MicroKernel<TVec, Eight, Two, Zero>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
            }
            else if (rows == GemmBlocking.Rows / 2)
            {
                MicroKernel<TVec, Four, Two, Zero>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
            }
            else
            {
                RowEdge<TVec, Two>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
            }

            return;
        }

        int width = EdgePanelWidth<TVec>(columns);
        if (width == full)
        {
            RowEdge<TVec, Two>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
        }
        else if (width == TVec.Count)
        {
            RowEdge<TVec, One>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
        }
        else if (width == FloatVector256.Count)
        {
            RowEdge<FloatVector256, One>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
        }
        else
        {
            RowEdge<FloatVector128, One>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
        }
    }

    /// <summary>An edge tile (some rows or columns missing): the 4-row kernel when the rows fit in it, else the 8-row one.</summary>
    private static void RowEdge<TVec, TColumns>(int kc, ref float panelA, ref float panelB, nint bStride, ref float tile, nint ldc, float alpha, int rows, int columns, int skip)
        where TVec : struct, IFloatVector<TVec>
        where TColumns : struct, IVectorCount
    {
        if (rows <= GemmBlocking.Rows / 2)
        {
            MicroKernel<TVec, Four, TColumns, One>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
        }
        else
        {
            MicroKernel<TVec, Eight, TColumns, One>(kc, ref panelA, ref panelB, bStride, ref tile, ldc, alpha, rows, columns, skip);
        }
    }

    /// <summary>
    /// C[0..rows, 0..columns] += α · Apanel · Bpanel for one tile of <typeparamref name="TRows"/> rows (4 or 8) by
    /// <typeparamref name="TColumns"/> vectors (1 or 2): Apanel holds <see cref="GemmBlocking.Rows"/> floats per k
    /// (a short panel is zero-padded), Bpanel <typeparamref name="TColumns"/> vectors per k.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A full tile's k step is two loads of B, eight broadcasts of A and sixteen FMAs that accumulate in place
    /// (<c>vfmadd231ps</c>). Written with a wrapped broadcast vector instead of <see cref="IFloatVector{TSelf}.MultiplyAddScalar"/>,
    /// the JIT made nine of the sixteen FMAs write the broadcast's register and then copied it into the accumulator:
    /// free on cores that eliminate vector moves at rename, but on a core that does not, a copy takes an FMA port's
    /// slot (Intel's two 512-bit FMA ports are the vector ALU ports too). The smaller tiles keep eight independent
    /// accumulators, enough to cover a 4-cycle FMA latency on two pipes.
    /// </para>
    /// <para>
    /// Full tiles and edge tiles are separate instantiations (<typeparamref name="TEdge"/> is 0 or 1). With both
    /// endings in one body the register allocator, seeing the edge path's stores and call, spilled all sixteen
    /// accumulators to the stack on every iteration of the k loop (36 instead of 90 GFLOP/s).
    /// </para>
    /// </remarks>
    private static void MicroKernel<TVec, TRows, TColumns, TEdge>(int kc, ref float panelA, ref float panelB, nint bStride, ref float tile, nint ldc, float alpha, int rows, int columns, int skip)
        where TVec : struct, IFloatVector<TVec>
        where TRows : struct, IVectorCount
        where TColumns : struct, IVectorCount
        where TEdge : struct, IVectorCount
    {
        nuint width = (nuint)TVec.Count;
        bool two = TColumns.Value > 1, eight = TRows.Value > 4;
        TVec c00 = TVec.Zero, c01 = TVec.Zero, c10 = TVec.Zero, c11 = TVec.Zero;
        TVec c20 = TVec.Zero, c21 = TVec.Zero, c30 = TVec.Zero, c31 = TVec.Zero;
        TVec c40 = TVec.Zero, c41 = TVec.Zero, c50 = TVec.Zero, c51 = TVec.Zero;
        TVec c60 = TVec.Zero, c61 = TVec.Zero, c70 = TVec.Zero, c71 = TVec.Zero;

        // Locals, not refs into the caller's frame, so the JIT keeps both cursors in registers.
        ref float pa = ref panelA;
        ref float pb = ref panelB;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TVec.Load(in pb, 0);
            TVec b1 = two ? TVec.Load(in pb, width) : TVec.Zero;
            c00 = TVec.MultiplyAddScalar(pa, b0, c00);
            c10 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 1), b0, c10);
            c20 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 2), b0, c20);
            c30 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 3), b0, c30);
            if (two)
            {
                c01 = TVec.MultiplyAddScalar(pa, b1, c01);
                c11 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 1), b1, c11);
                c21 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 2), b1, c21);
                c31 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 3), b1, c31);
            }

            if (eight)
            {
                c40 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 4), b0, c40);
                c50 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 5), b0, c50);
                c60 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 6), b0, c60);
                c70 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 7), b0, c70);
            }

            if (eight && two)
            {
                c41 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 4), b1, c41);
                c51 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 5), b1, c51);
                c61 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 6), b1, c61);
                c71 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 7), b1, c71);
            }

            pa = ref Unsafe.Add(ref pa, GemmBlocking.Rows);
            pb = ref Unsafe.Add(ref pb, bStride);
        }

        if (TEdge.Value == 0)
        {
            TVec scale = TVec.Create(alpha);
            AddRow<TVec, TColumns>(ref tile, c00, c01, scale);
            AddRow<TVec, TColumns>(ref Unsafe.Add(ref tile, ldc), c10, c11, scale);
            AddRow<TVec, TColumns>(ref Unsafe.Add(ref tile, 2 * ldc), c20, c21, scale);
            AddRow<TVec, TColumns>(ref Unsafe.Add(ref tile, 3 * ldc), c30, c31, scale);
            if (eight)
            {
                AddRow<TVec, TColumns>(ref Unsafe.Add(ref tile, 4 * ldc), c40, c41, scale);
                AddRow<TVec, TColumns>(ref Unsafe.Add(ref tile, 5 * ldc), c50, c51, scale);
                AddRow<TVec, TColumns>(ref Unsafe.Add(ref tile, 6 * ldc), c60, c61, scale);
                AddRow<TVec, TColumns>(ref Unsafe.Add(ref tile, 7 * ldc), c70, c71, scale);
            }

            return;
        }

        // An edge tile: park the accumulators in a local tile, then add only the rows and columns that exist.
        Unsafe.SkipInit(out EdgeTile edge);
        ref float edgeRef = ref Unsafe.As<EdgeTile, float>(ref edge);
        nuint stride = (nuint)GemmBlocking.MaxColumns;
        ParkRow<TVec, TColumns>(ref edgeRef, c00, c01);
        ParkRow<TVec, TColumns>(ref Unsafe.Add(ref edgeRef, stride), c10, c11);
        ParkRow<TVec, TColumns>(ref Unsafe.Add(ref edgeRef, 2 * stride), c20, c21);
        ParkRow<TVec, TColumns>(ref Unsafe.Add(ref edgeRef, 3 * stride), c30, c31);
        if (eight)
        {
            ParkRow<TVec, TColumns>(ref Unsafe.Add(ref edgeRef, 4 * stride), c40, c41);
            ParkRow<TVec, TColumns>(ref Unsafe.Add(ref edgeRef, 5 * stride), c50, c51);
            ParkRow<TVec, TColumns>(ref Unsafe.Add(ref edgeRef, 6 * stride), c60, c61);
            ParkRow<TVec, TColumns>(ref Unsafe.Add(ref edgeRef, 7 * stride), c70, c71);
        }

        AddEdge(ref Unsafe.Add(ref edgeRef, skip), ref Unsafe.Add(ref tile, skip), ldc, alpha, rows, columns);
    }

    /// <summary>C row += α · (lo ‖ hi) for a full row of a tile (just lo for a one-vector tile).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow<TVec, TColumns>(ref float row, TVec lo, TVec hi, TVec alpha)
        where TVec : struct, IFloatVector<TVec>
        where TColumns : struct, IVectorCount
    {
        nuint width = (nuint)TVec.Count;
        TVec.Store(TVec.MultiplyAdd(lo, alpha, TVec.Load(in row, 0)), ref row, 0);
        if (TColumns.Value > 1)
        {
            TVec.Store(TVec.MultiplyAdd(hi, alpha, TVec.Load(in row, width)), ref row, width);
        }
    }

    /// <summary>Stores one row of accumulators (lo, and hi for a two-vector tile) into the local edge tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ParkRow<TVec, TColumns>(ref float row, TVec lo, TVec hi)
        where TVec : struct, IFloatVector<TVec>
        where TColumns : struct, IVectorCount
    {
        TVec.Store(lo, ref row, 0);
        if (TColumns.Value > 1)
        {
            TVec.Store(hi, ref row, (nuint)TVec.Count);
        }
    }

    /// <summary>C[0..rows, 0..columns] += α · edge, where edge rows are <see cref="GemmBlocking.MaxColumns"/> apart.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddEdge(ref float edge, ref float tile, nint ldc, float alpha, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            ref float from = ref Unsafe.Add(ref edge, r * GemmBlocking.MaxColumns);
            ref float to = ref Unsafe.Add(ref tile, r * ldc);
            for (int j = 0; j < columns; j++)
            {
                Unsafe.Add(ref to, j) = MathF.FusedMultiplyAdd(Unsafe.Add(ref from, j), alpha, Unsafe.Add(ref to, j));
            }
        }
    }

    /// <summary>Room for one micro-tile of accumulators at the widest width.</summary>
    [InlineArray(GemmBlocking.Rows * GemmBlocking.MaxColumns)]
    private struct EdgeTile
    {
        private float _element;
    }

    /// <summary>One <see cref="Multiply"/> call with its arguments bound, for the width dispatcher.</summary>
    private readonly ref struct MultiplyCall : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _a;
        private readonly ReadOnlySpan<float> _b;
        private readonly Span<float> _c;
        private readonly GemmShape _shape;
        private readonly float _alpha;
        private readonly float _beta;
        private readonly Span<float> _packedA;
        private readonly Span<float> _packedB;

        public MultiplyCall(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, float beta, Span<float> packedA, Span<float> packedB)
        {
            _a = a;
            _b = b;
            _c = c;
            _shape = shape;
            _alpha = alpha;
            _beta = beta;
            _packedA = packedA;
            _packedB = packedB;
        }

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
            => Multiply<TVec>(_a, _b, _c, in _shape, _alpha, _beta, _packedA, _packedB);
    }
}
