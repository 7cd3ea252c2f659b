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
            GemmVariant.Packed => false,
            _ => shape.M <= GemmBlocking.DirectRowLimit,
        });

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
        int parts = GemmPartition.Parts(in shape, GemmBlocking.ColumnVectors * TVec.Count, Parallelism.Pool.ThreadCount);
        if (parts > 1)
        {
            MultiplyPackedInParallel<TVec>(a, b, c, in shape, alpha, beta, packedA, packedB, parts);
            return;
        }

        ScaleC(c, in shape, whole, beta);
        MultiplyPacked<TVec>(a, b, c, in shape, alpha, whole, packedA, packedB);
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
    /// The Goto/BLIS loop nest over one block of C: NC columns, KC depth, MC rows, then micro-tiles of NR columns by MR
    /// rows. Each element of C gets the same sequence of operations whatever block it is computed in — a fused
    /// multiply-add chain over each depth block, added to C in depth order — which is what lets threads split C freely.
    /// Never inlined, so a worker's part compiles it with a whole inlining budget, as the caller's thread does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyPacked<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, GemmBlock block, Span<float> packedA, Span<float> packedB)
        where TVec : struct, IFloatVector<TVec>
    {
        int nr = GemmBlocking.ColumnVectors * TVec.Count;
        int mr = GemmBlocking.Rows;
        ref float cRef = ref MemoryMarshal.GetReference(c);
        ref float paRef = ref MemoryMarshal.GetReference(packedA);
        ref float pbRef = ref MemoryMarshal.GetReference(packedB);
        nint ldc = shape.Ldc;

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
                GemmPacking.PackB(b, in shape, pc, jc, kc, nc, nr, EdgePanelWidth<TVec>(nc % nr), packedB);
                for (int ic = block.RowStart; ic < block.RowEnd; ic += GemmBlocking.RowBlock)
                {
                    int mc = Math.Min(GemmBlocking.RowBlock, block.RowEnd - ic);
                    GemmPacking.PackA(a, in shape, ic, pc, mc, kc, packedA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int columns = Math.Min(nr, nc - jr);
                        ref float panelB = ref Unsafe.Add(ref pbRef, jr * kc);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            ref float panelA = ref Unsafe.Add(ref paRef, ir * kc);
                            ref float tile = ref Unsafe.Add(ref cRef, ((ic + ir) * ldc) + jc + jr);
                            MicroKernelFor<TVec>(kc, ref panelA, ref panelB, ref tile, ldc, alpha, rows, columns);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The packed width of a ragged last panel of <paramref name="columns"/> columns: the narrowest two-vector width
    /// that holds them, so 4 leftover columns cost a 128-bit tile instead of a full 512-bit one.
    /// </summary>
    internal static int EdgePanelWidth<TVec>(int columns)
        where TVec : struct, IFloatVector<TVec>
    {
        int full = GemmBlocking.ColumnVectors * TVec.Count;
        if (columns == 0)
        {
            return full;
        }

        if (columns <= GemmBlocking.ColumnVectors * FloatVector128.Count && full > GemmBlocking.ColumnVectors * FloatVector128.Count)
        {
            return GemmBlocking.ColumnVectors * FloatVector128.Count;
        }

        if (columns <= GemmBlocking.ColumnVectors * FloatVector256.Count && full > GemmBlocking.ColumnVectors * FloatVector256.Count)
        {
            return GemmBlocking.ColumnVectors * FloatVector256.Count;
        }

        return full;
    }

    /// <summary>Runs the micro-kernel whose width matches the panel: full panels use TVec, a narrow edge panel a narrower width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroKernelFor<TVec>(int kc, ref float panelA, ref float panelB, ref float tile, nint ldc, float alpha, int rows, int columns)
        where TVec : struct, IFloatVector<TVec>
    {
        int width = EdgePanelWidth<TVec>(columns == GemmBlocking.ColumnVectors * TVec.Count ? 0 : columns);
        if (width == GemmBlocking.ColumnVectors * TVec.Count)
        {
            if (rows == GemmBlocking.Rows && columns == width)
            {
                MicroKernel<TVec, Zero>(kc, ref panelA, ref panelB, ref tile, ldc, alpha, rows, columns);
            }
            else
            {
                MicroKernel<TVec, One>(kc, ref panelA, ref panelB, ref tile, ldc, alpha, rows, columns);
            }
        }
        else if (width == GemmBlocking.ColumnVectors * FloatVector256.Count)
        {
            MicroKernel<FloatVector256, One>(kc, ref panelA, ref panelB, ref tile, ldc, alpha, rows, columns);
        }
        else
        {
            MicroKernel<FloatVector128, One>(kc, ref panelA, ref panelB, ref tile, ldc, alpha, rows, columns);
        }
    }

    /// <summary>
    /// C[0..rows, 0..columns] += α · Apanel · Bpanel for one MR × NR tile: Apanel holds MR floats per k, Bpanel NR.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each k step is two loads of B, eight broadcasts of A and sixteen FMAs that accumulate in place
    /// (<c>vfmadd231ps</c>). Written with a wrapped broadcast vector instead of <see cref="IFloatVector{TSelf}.MultiplyAddScalar"/>,
    /// the JIT made nine of the sixteen FMAs write the broadcast's register and then copied it into the accumulator:
    /// free on cores that eliminate vector moves at rename, but on a core that does not, a copy takes an FMA port's
    /// slot (Intel's two 512-bit FMA ports are the vector ALU ports too).
    /// </para>
    /// <para>
    /// Full tiles and edge tiles are separate instantiations (<typeparamref name="TEdge"/> is 0 or 1). With both
    /// endings in one body the register allocator, seeing the edge path's stores and call, spilled all sixteen
    /// accumulators to the stack on every iteration of the k loop (36 instead of 90 GFLOP/s).
    /// </para>
    /// </remarks>
    private static void MicroKernel<TVec, TEdge>(int kc, ref float panelA, ref float panelB, ref float tile, nint ldc, float alpha, int rows, int columns)
        where TVec : struct, IFloatVector<TVec>
        where TEdge : struct, IVectorCount
    {
        nuint width = (nuint)TVec.Count;
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
            TVec b1 = TVec.Load(in pb, width);
            c00 = TVec.MultiplyAddScalar(pa, b0, c00);
            c01 = TVec.MultiplyAddScalar(pa, b1, c01);
            c10 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 1), b0, c10);
            c11 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 1), b1, c11);
            c20 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 2), b0, c20);
            c21 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 2), b1, c21);
            c30 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 3), b0, c30);
            c31 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 3), b1, c31);
            c40 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 4), b0, c40);
            c41 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 4), b1, c41);
            c50 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 5), b0, c50);
            c51 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 5), b1, c51);
            c60 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 6), b0, c60);
            c61 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 6), b1, c61);
            c70 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 7), b0, c70);
            c71 = TVec.MultiplyAddScalar(Unsafe.Add(ref pa, 7), b1, c71);
            pa = ref Unsafe.Add(ref pa, GemmBlocking.Rows);
            pb = ref Unsafe.Add(ref pb, 2 * width);
        }

        if (TEdge.Value == 0)
        {
            TVec scale = TVec.Create(alpha);
            AddRow(ref tile, c00, c01, scale);
            AddRow(ref Unsafe.Add(ref tile, ldc), c10, c11, scale);
            AddRow(ref Unsafe.Add(ref tile, 2 * ldc), c20, c21, scale);
            AddRow(ref Unsafe.Add(ref tile, 3 * ldc), c30, c31, scale);
            AddRow(ref Unsafe.Add(ref tile, 4 * ldc), c40, c41, scale);
            AddRow(ref Unsafe.Add(ref tile, 5 * ldc), c50, c51, scale);
            AddRow(ref Unsafe.Add(ref tile, 6 * ldc), c60, c61, scale);
            AddRow(ref Unsafe.Add(ref tile, 7 * ldc), c70, c71, scale);
            return;
        }

        // An edge tile: park the accumulators in a local tile, then add only the rows and columns that exist.
        Unsafe.SkipInit(out EdgeTile edge);
        ref float edgeRef = ref Unsafe.As<EdgeTile, float>(ref edge);
        nuint stride = (nuint)GemmBlocking.MaxColumns;
        TVec.Store(c00, ref edgeRef, 0);
        TVec.Store(c01, ref edgeRef, width);
        TVec.Store(c10, ref edgeRef, stride);
        TVec.Store(c11, ref edgeRef, stride + width);
        TVec.Store(c20, ref edgeRef, 2 * stride);
        TVec.Store(c21, ref edgeRef, (2 * stride) + width);
        TVec.Store(c30, ref edgeRef, 3 * stride);
        TVec.Store(c31, ref edgeRef, (3 * stride) + width);
        TVec.Store(c40, ref edgeRef, 4 * stride);
        TVec.Store(c41, ref edgeRef, (4 * stride) + width);
        TVec.Store(c50, ref edgeRef, 5 * stride);
        TVec.Store(c51, ref edgeRef, (5 * stride) + width);
        TVec.Store(c60, ref edgeRef, 6 * stride);
        TVec.Store(c61, ref edgeRef, (6 * stride) + width);
        TVec.Store(c70, ref edgeRef, 7 * stride);
        TVec.Store(c71, ref edgeRef, (7 * stride) + width);
        AddEdge(ref edgeRef, ref tile, ldc, alpha, rows, columns);
    }

    /// <summary>C row += α · (lo ‖ hi) for a full row of a tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow<TVec>(ref float row, TVec lo, TVec hi, TVec alpha)
        where TVec : struct, IFloatVector<TVec>
    {
        nuint width = (nuint)TVec.Count;
        TVec.Store(TVec.MultiplyAdd(lo, alpha, TVec.Load(in row, 0)), ref row, 0);
        TVec.Store(TVec.MultiplyAdd(hi, alpha, TVec.Load(in row, width)), ref row, width);
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
