using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// Products of at most three columns (a regressor's or a small classifier's output layer, and its weight gradient):
/// the packed loop nest's micro-kernel puts columns in the lanes, so a 1- to 3-column tile uses a few lanes of a
/// vector per row and runs at a few percent of the FMA peak. This path puts the rows of a packed A panel in the lanes
/// instead (eight rows, one 256-bit vector per column and k step) and four panels side by side, so the FMA chains are
/// independent. Each element is still <c>acc = fma(a[i,p], b[p,j], acc)</c> from 0 over the same k blocks, then
/// <c>C = fma(acc, α, βC)</c>: the bits of the packed path.
/// </summary>
public static partial class Gemm
{
    /// <summary>The widest product this path takes: three columns, the ones a 4-float vector's lanes would not fill.</summary>
    private const int NarrowColumnsMax = 3;

    /// <summary>Packed A panels run side by side: four chains of FMAs per column hide the FMA latency.</summary>
    private const int NarrowPanelsSideBySide = 4;

    /// <summary>Whether <see cref="MultiplyNarrowColumns"/> runs a product the packed nest would otherwise run at <typeparamref name="TVec"/>.</summary>
    private static bool UsesNarrowColumns<TVec>(in GemmShape shape)
        where TVec : struct, IFloatVector<TVec>
        => shape.N <= NarrowColumnsMax && TVec.Count >= FloatVector256.Count && KernelVariants.Gemm == GemmVariant.Rule;

    /// <summary>C += α·op(A)·op(B) for at most three columns (C already scaled by β), one thread.</summary>
    private static void MultiplyNarrowColumns(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, Span<float> packedA)
    {
        // The same k blocks as MultiplyPacked, so each element's sum is split where the packed path splits it.
        int depthBlocks = (shape.K + GemmBlocking.Depth - 1) / GemmBlocking.Depth;
        int depth = (shape.K + depthBlocks - 1) / depthBlocks;
        for (int pc = 0; pc < shape.K; pc += depth)
        {
            int kc = Math.Min(depth, shape.K - pc);
            for (int ic = 0; ic < shape.M; ic += GemmBlocking.RowBlock)
            {
                int mc = Math.Min(GemmBlocking.RowBlock, shape.M - ic);
                GemmPacking.PackA(a, in shape, ic, pc, mc, kc, packedA);
                switch (shape.N)
                {
                    case 1: NarrowPanelRows<One>(b, c, in shape, alpha, packedA, ic, pc, mc, kc); break;
                    case 2: NarrowPanelRows<Two>(b, c, in shape, alpha, packedA, ic, pc, mc, kc); break;
                    default: NarrowPanelRows<Three>(b, c, in shape, alpha, packedA, ic, pc, mc, kc); break;
                }
            }
        }
    }

    private static void NarrowPanelRows<TColumns>(ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, Span<float> packedA, int ic, int pc, int mc, int kc)
        where TColumns : struct, IVectorCount
    {
        // op(B)[p, j] is at p·ldb + j as stored, or at j·ldb + p transposed.
        nint bStep = shape.OpB == MatrixOperation.Identity ? shape.Ldb : 1;
        nint bColumn = shape.OpB == MatrixOperation.Identity ? 1 : shape.Ldb;
        ref float bStart = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), pc * bStep);
        ref float pa = ref MemoryMarshal.GetReference(packedA);
        const int PanelRows = GemmBlocking.Rows;
        int ir = 0;
        for (; ir + (NarrowPanelsSideBySide * PanelRows) <= mc; ir += NarrowPanelsSideBySide * PanelRows)
        {
            NarrowTile<TColumns, Four>(kc, ref Unsafe.Add(ref pa, ir * kc), ref bStart, bStep, bColumn, c, shape.Ldc, (ic + ir) * shape.Ldc, alpha, NarrowPanelsSideBySide * PanelRows);
        }

        for (; ir < mc; ir += PanelRows)
        {
            NarrowTile<TColumns, One>(kc, ref Unsafe.Add(ref pa, ir * kc), ref bStart, bStep, bColumn, c, shape.Ldc, (ic + ir) * shape.Ldc, alpha, Math.Min(PanelRows, mc - ir));
        }
    }

    /// <summary>
    /// <typeparamref name="TPanels"/> packed panels of eight rows (consecutive in <paramref name="panels"/>, kc·8
    /// floats each) times <typeparamref name="TColumns"/> columns of op(B); adds α·acc into the first
    /// <paramref name="rows"/> rows of C from <paramref name="cOffset"/>.
    /// </summary>
    private static void NarrowTile<TColumns, TPanels>(int kc, ref float panels, ref float b, nint bStep, nint bColumn, Span<float> c, nint ldc, nint cOffset, float alpha, int rows)
        where TColumns : struct, IVectorCount
        where TPanels : struct, IVectorCount
    {
        nuint panelLength = (nuint)(kc * GemmBlocking.Rows);
        bool two = TColumns.Value > 1, three = TColumns.Value > 2, four = TPanels.Value > 1;
        FloatVector256 a00 = FloatVector256.Zero, a01 = FloatVector256.Zero, a02 = FloatVector256.Zero;
        FloatVector256 a10 = FloatVector256.Zero, a11 = FloatVector256.Zero, a12 = FloatVector256.Zero;
        FloatVector256 a20 = FloatVector256.Zero, a21 = FloatVector256.Zero, a22 = FloatVector256.Zero;
        FloatVector256 a30 = FloatVector256.Zero, a31 = FloatVector256.Zero, a32 = FloatVector256.Zero;
        ref float pa = ref panels;
        ref float pb = ref b;
        for (int p = 0; p < kc; p++)
        {
            // fma(b, a, acc) is fma(a, b, acc) exactly: the product is not rounded.
            FloatVector256 p0 = FloatVector256.Load(in pa, 0);
            float b0 = pb;
            a00 = FloatVector256.MultiplyAddScalar(b0, p0, a00);
            if (two)
            {
                a01 = FloatVector256.MultiplyAddScalar(Unsafe.Add(ref pb, bColumn), p0, a01);
            }

            if (three)
            {
                a02 = FloatVector256.MultiplyAddScalar(Unsafe.Add(ref pb, 2 * bColumn), p0, a02);
            }

            if (four)
            {
                FloatVector256 p1 = FloatVector256.Load(in pa, panelLength);
                FloatVector256 p2 = FloatVector256.Load(in pa, 2 * panelLength);
                FloatVector256 p3 = FloatVector256.Load(in pa, 3 * panelLength);
                a10 = FloatVector256.MultiplyAddScalar(b0, p1, a10);
                a20 = FloatVector256.MultiplyAddScalar(b0, p2, a20);
                a30 = FloatVector256.MultiplyAddScalar(b0, p3, a30);
                if (two)
                {
                    float b1 = Unsafe.Add(ref pb, bColumn);
                    a11 = FloatVector256.MultiplyAddScalar(b1, p1, a11);
                    a21 = FloatVector256.MultiplyAddScalar(b1, p2, a21);
                    a31 = FloatVector256.MultiplyAddScalar(b1, p3, a31);
                }

                if (three)
                {
                    float b2 = Unsafe.Add(ref pb, 2 * bColumn);
                    a12 = FloatVector256.MultiplyAddScalar(b2, p1, a12);
                    a22 = FloatVector256.MultiplyAddScalar(b2, p2, a22);
                    a32 = FloatVector256.MultiplyAddScalar(b2, p3, a32);
                }
            }

            pa = ref Unsafe.Add(ref pa, GemmBlocking.Rows);
            pb = ref Unsafe.Add(ref pb, bStep);
        }

        // Park the accumulators column-major (column j of panel q at (q·3 + j)·8), then add the rows that exist.
        Unsafe.SkipInit(out EdgeTile tile);
        ref float parked = ref Unsafe.As<EdgeTile, float>(ref tile);
        Park(ref parked, 0, a00, a01, a02);
        if (four)
        {
            Park(ref parked, 1, a10, a11, a12);
            Park(ref parked, 2, a20, a21, a22);
            Park(ref parked, 3, a30, a31, a32);
        }

        ref float cRef = ref MemoryMarshal.GetReference(c);
        for (int r = 0; r < rows; r++)
        {
            int panel = r / GemmBlocking.Rows, lane = r % GemmBlocking.Rows;
            ref float cRow = ref Unsafe.Add(ref cRef, cOffset + (r * ldc));
            for (int j = 0; j < TColumns.Value; j++)
            {
                float sum = Unsafe.Add(ref parked, (((panel * NarrowColumnsMax) + j) * GemmBlocking.Rows) + lane);
                Unsafe.Add(ref cRow, j) = MathF.FusedMultiplyAdd(sum, alpha, Unsafe.Add(ref cRow, j));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Park(ref float parked, int panel, FloatVector256 column0, FloatVector256 column1, FloatVector256 column2)
    {
        nuint start = (nuint)(panel * NarrowColumnsMax * GemmBlocking.Rows);
        FloatVector256.Store(column0, ref parked, start);
        FloatVector256.Store(column1, ref parked, start + GemmBlocking.Rows);
        FloatVector256.Store(column2, ref parked, start + (2 * GemmBlocking.Rows));
    }
}
