using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// One sample through a dense layer, skipping zero inputs: <c>y = b + Σ_{p : x[p] ≠ 0} x[p] · W[p, :]</c>, with W
/// stored row-major at a row stride padded to whole cache lines. The inference session's single-sample path.
/// </summary>
/// <remarks>
/// <para>
/// A one-row product reads every weight exactly once, so it is bound by how fast W streams in from L2, not by
/// arithmetic. Two things cut that traffic: rows padded to a multiple of <see cref="StrideFloats"/> start on a
/// cache-line boundary, so no vector load straddles two lines; and rows whose input is zero are never read at all.
/// Zero inputs are common (MNIST pixels are about 80 % background, and ReLU zeroes about half of a hidden layer),
/// and skipping them changes nothing but the sign of a zero: with finite weights, <c>fma(0, w, s)</c> is <c>s</c>.
/// </para>
/// <para>
/// All of a block's columns accumulate in one pass over the inputs, up to eight vectors at once, so each weight is
/// touched once and the eight FMA chains hide the FMA latency. The summation over p runs in ascending order for every
/// column, so the result depends only on the input, never on the width or the thread.
/// </para>
/// </remarks>
internal static class SparseGemv
{
    /// <summary>Row strides are a multiple of this many floats: one 64-byte cache line, one 512-bit vector.</summary>
    public const int StrideFloats = 16;

    /// <summary>The padded row stride for <paramref name="columns"/> columns.</summary>
    public static int PaddedStride(int columns) => checked((columns + StrideFloats - 1) / StrideFloats * StrideFloats);

    /// <summary>
    /// <c>y[0..stride) = bias + Σ_{p : x[p] ≠ 0} x[p] · W[p, 0..stride)</c>, W being x.Length × <paramref name="stride"/>.
    /// </summary>
    /// <param name="x">The input row; its zero entries are skipped.</param>
    /// <param name="weights">W, row-major at <paramref name="stride"/>, 64-byte aligned for speed.</param>
    /// <param name="stride">A multiple of <see cref="StrideFloats"/>.</param>
    /// <param name="bias">stride floats (zeros where the layer has none).</param>
    /// <param name="y">Written: stride floats.</param>
    public static void Affine(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, int stride, ReadOnlySpan<float> bias, Span<float> y)
    {
        var call = new AffineCall(x, weights, stride, bias, y);
        WidthDispatcher.Run(ref call);
    }

    /// <summary><see cref="Affine"/> on width <typeparamref name="TVec"/>.</summary>
    private static void Affine<TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, int stride, ReadOnlySpan<float> bias, Span<float> y)
        where TVec : struct, IFloatVector<TVec>
    {
        Debug.Assert(stride % StrideFloats == 0 && stride % TVec.Count == 0, "stride must be a whole number of cache lines");
        Debug.Assert(weights.Length >= x.Length * stride && bias.Length >= stride && y.Length >= stride, "span lengths");
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(weights);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int k = x.Length;
        int vectors = stride / TVec.Count;
        int v = 0;
        for (; v + 8 <= vectors; v += 8)
        {
            int column = v * TVec.Count;
            ColumnBlock<TVec, Eight>(ref xr, k, ref Unsafe.Add(ref wr, column), stride, ref Unsafe.Add(ref br, column), ref Unsafe.Add(ref yr, column));
        }

        int last = v * TVec.Count;
        ref float wLast = ref Unsafe.Add(ref wr, last);
        ref float bLast = ref Unsafe.Add(ref br, last);
        ref float yLast = ref Unsafe.Add(ref yr, last);
        switch (vectors - v)
        {
            case 1: ColumnBlock<TVec, One>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 2: ColumnBlock<TVec, Two>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 3: ColumnBlock<TVec, Three>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 4: ColumnBlock<TVec, Four>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 5: ColumnBlock<TVec, Five>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 6: ColumnBlock<TVec, Six>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 7: ColumnBlock<TVec, Seven>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            default: break;
        }
    }

    /// <summary>
    /// y[0..N·width) = bias + Σ_{p : x[p] ≠ 0} x[p] · W[p, 0..N·width) for N = <typeparamref name="TBlock"/>'s count.
    /// The count is a type so the JIT compiles one loop per N with exactly N accumulators in registers (on a 784×100
    /// product, one pass with seven accumulators beat a four-vector pass plus three one-vector passes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ColumnBlock<TVec, TBlock>(ref float x, int k, ref float weights, nint stride, ref float bias, ref float y)
        where TVec : struct, IFloatVector<TVec>
        where TBlock : struct, IVectorCount
    {
        nuint w = (nuint)TVec.Count;
        TVec s0 = TVec.Zero, s1 = TVec.Zero, s2 = TVec.Zero, s3 = TVec.Zero;
        TVec s4 = TVec.Zero, s5 = TVec.Zero, s6 = TVec.Zero, s7 = TVec.Zero;

        // The nonzero lanes of each input vector name the rows to add: an all-zero vector (an MNIST border row) costs
        // one compare, and no index list is written or read back. Past the last whole vector, one lane at a time.
        int width = TVec.Count;
        for (int p = 0, step; p < k; p += step)
        {
            ulong mask;
            if (p + width <= k)
            {
                mask = TVec.NonZeroLanes(TVec.Load(in x, (nuint)p));
                step = width;
            }
            else
            {
                mask = FloatScalar.NonZeroLanes(FloatScalar.Load(in x, (nuint)p));
                step = 1;
            }

            for (; mask != 0; mask &= mask - 1)
            {
                int index = p + BitOperations.TrailingZeroCount(mask);
                TVec a = TVec.Create(Unsafe.Add(ref x, index));
                ref float row = ref Unsafe.Add(ref weights, index * stride);

                // The block's N vectors; the JIT drops the branches, and the accumulators, past N.
                s0 = TVec.MultiplyAdd(a, TVec.Load(in row, 0), s0);
                if (TBlock.Value > 1)
                {
                    s1 = TVec.MultiplyAdd(a, TVec.Load(in row, w), s1);
                }

                if (TBlock.Value > 2)
                {
                    s2 = TVec.MultiplyAdd(a, TVec.Load(in row, 2 * w), s2);
                }

                if (TBlock.Value > 3)
                {
                    s3 = TVec.MultiplyAdd(a, TVec.Load(in row, 3 * w), s3);
                }

                if (TBlock.Value > 4)
                {
                    s4 = TVec.MultiplyAdd(a, TVec.Load(in row, 4 * w), s4);
                }

                if (TBlock.Value > 5)
                {
                    s5 = TVec.MultiplyAdd(a, TVec.Load(in row, 5 * w), s5);
                }

                if (TBlock.Value > 6)
                {
                    s6 = TVec.MultiplyAdd(a, TVec.Load(in row, 6 * w), s6);
                }

                if (TBlock.Value > 7)
                {
                    s7 = TVec.MultiplyAdd(a, TVec.Load(in row, 7 * w), s7);
                }
            }
        }

        Store(s0, ref bias, ref y, 0);
        Store(s1, ref bias, ref y, 1);
        Store(s2, ref bias, ref y, 2);
        Store(s3, ref bias, ref y, 3);
        Store(s4, ref bias, ref y, 4);
        Store(s5, ref bias, ref y, 5);
        Store(s6, ref bias, ref y, 6);
        Store(s7, ref bias, ref y, 7);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(TVec sum, ref float bias, ref float y, int vector)
        {
            if (vector < TBlock.Value)
            {
                nuint at = (nuint)(vector * TVec.Count);
                TVec.Store(sum + TVec.Load(in bias, at), ref y, at);
            }
        }
    }

    /// <summary>One <see cref="Affine"/> call with its arguments bound, for the width dispatcher.</summary>
    private readonly ref struct AffineCall(ReadOnlySpan<float> x, ReadOnlySpan<float> weights, int stride, ReadOnlySpan<float> bias, Span<float> y) : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly ReadOnlySpan<float> _weights = weights;
        private readonly int _stride = stride;
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly Span<float> _y = y;

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
            => Affine<TVec>(_x, _weights, _stride, _bias, _y);
    }
}
