using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.LowPrecision;

/// <summary>
/// A dense layer with bfloat16 weights and fp32 everything else: <c>y[b, j] = bias[j] + Σ_p x[b, p] · W[p, j]</c>, each
/// weight widened to float in a register (exactly) and every product and sum an fp32 fused multiply-add.
/// </summary>
/// <remarks>
/// <para>
/// W is stored row-major at a row stride padded to whole cache lines of float outputs
/// (<see cref="SparseGemv.PaddedStride"/>, 16 outputs, 32 bytes of bfloat16), as <see cref="SparseGemv"/> stores fp32 weights: a single-sample product
/// is bound by how fast W streams in from L2, and bfloat16 halves those bytes.
/// </para>
/// <para>
/// Every output sums its terms in increasing p from 0, then adds the bias: <c>s = 0; s = fma(x[p], w[p, j], s)…;
/// y = s + bias[j]</c>, at every width and in both the single-sample and the batched loop, so results are the same bits
/// whichever runs. Inputs equal to ±0 are skipped in the single-sample loop: with finite weights <c>fma(±0, w, s)</c>
/// is <c>s</c> (s is never −0: it starts at +0 and round-to-nearest never makes −0 from a sum), so skipping changes nothing.
/// </para>
/// </remarks>
internal static class BFloat16Affine
{
    /// <summary>Rows of the batched loop's register tile: four rows × two vectors of columns, eight accumulators.</summary>
    private const int TileRows = 4;

    /// <summary>
    /// <c>y[0..stride) = bias + Σ_{p : x[p] ≠ 0} x[p] · W[p, 0..stride)</c>, W being x.Length × <paramref name="stride"/>
    /// bfloat16 values.
    /// </summary>
    /// <param name="x">The input row; its zero entries are skipped.</param>
    /// <param name="weights">W, row-major at <paramref name="stride"/>, finite.</param>
    /// <param name="stride">A multiple of <see cref="SparseGemv.StrideFloats"/>.</param>
    /// <param name="bias">stride floats (zeros where the layer has none).</param>
    /// <param name="y">Written: stride floats.</param>
    public static void Single(ReadOnlySpan<float> x, ReadOnlySpan<ushort> weights, int stride, ReadOnlySpan<float> bias, Span<float> y)
    {
        Debug.Assert(stride % SparseGemv.StrideFloats == 0, "stride must be a whole number of cache lines");
        Debug.Assert(weights.Length >= x.Length * stride && bias.Length >= stride && y.Length >= stride, "span lengths");
        var call = new SingleCall(x, weights, stride, bias, y);
        WidthDispatcher.Run(ref call);
    }

    /// <summary>
    /// <c>y[b, 0..stride) = bias + Σ_p x[b, p] · W[p, 0..stride)</c> for <paramref name="batch"/> rows: row b of x starts
    /// at b · <paramref name="xStride"/> and has <paramref name="inputs"/> values; row b of y at b · stride.
    /// </summary>
    /// <param name="x">The input rows.</param>
    /// <param name="xStride">The distance between input rows, at least <paramref name="inputs"/>.</param>
    /// <param name="inputs">The inputs of a row: W's rows.</param>
    /// <param name="weights">W, row-major at <paramref name="stride"/>, finite.</param>
    /// <param name="stride">A multiple of <see cref="SparseGemv.StrideFloats"/>; also y's row stride.</param>
    /// <param name="bias">stride floats.</param>
    /// <param name="y">Written: batch × stride floats.</param>
    /// <param name="batch">The rows.</param>
    public static void Batch(ReadOnlySpan<float> x, int xStride, int inputs, ReadOnlySpan<ushort> weights, int stride, ReadOnlySpan<float> bias, Span<float> y, int batch)
    {
        Debug.Assert(stride % SparseGemv.StrideFloats == 0 && xStride >= inputs, "strides");
        Debug.Assert(batch == 0 || (x.Length >= ((batch - 1) * xStride) + inputs && y.Length >= batch * stride), "span lengths");
        Debug.Assert(weights.Length >= inputs * stride && bias.Length >= stride, "span lengths");
        var call = new BatchCall(x, xStride, inputs, weights, stride, bias, y, batch);
        WidthDispatcher.Run(ref call);
    }

    private static void Single<TVec>(ReadOnlySpan<float> x, ReadOnlySpan<ushort> weights, int stride, ReadOnlySpan<float> bias, Span<float> y)
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref ushort wr = ref MemoryMarshal.GetReference(weights);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int k = x.Length;

        int vectors = stride / TVec.Count;
        int v = 0;
        for (; v + 8 <= vectors; v += 8)
        {
            int column = v * TVec.Count;
            SingleBlock<TVec, Eight>(ref xr, k, ref Unsafe.Add(ref wr, column), stride, ref Unsafe.Add(ref br, column), ref Unsafe.Add(ref yr, column));
        }

        int last = v * TVec.Count;
        ref ushort wLast = ref Unsafe.Add(ref wr, last);
        ref float bLast = ref Unsafe.Add(ref br, last);
        ref float yLast = ref Unsafe.Add(ref yr, last);
        switch (vectors - v)
        {
            case 1: SingleBlock<TVec, One>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 2: SingleBlock<TVec, Two>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 3: SingleBlock<TVec, Three>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 4: SingleBlock<TVec, Four>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 5: SingleBlock<TVec, Five>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 6: SingleBlock<TVec, Six>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            case 7: SingleBlock<TVec, Seven>(ref xr, k, ref wLast, stride, ref bLast, ref yLast); break;
            default: break;
        }
    }

    /// <summary>One block of N = <typeparamref name="TBlock"/> vectors of columns, summed over x's nonzero entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleBlock<TVec, TBlock>(ref float x, int k, ref ushort weights, nint stride, ref float bias, ref float y)
        where TVec : struct, IFloatVector<TVec>
        where TBlock : struct, IVectorCount
    {
        nuint w = (nuint)TVec.Count;
        TVec s0 = TVec.Zero, s1 = TVec.Zero, s2 = TVec.Zero, s3 = TVec.Zero;
        TVec s4 = TVec.Zero, s5 = TVec.Zero, s6 = TVec.Zero, s7 = TVec.Zero;
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
                ref ushort row = ref Unsafe.Add(ref weights, index * stride);
                s0 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, 0), s0);
                if (TBlock.Value > 1)
                {
                    s1 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, w), s1);
                }

                if (TBlock.Value > 2)
                {
                    s2 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, 2 * w), s2);
                }

                if (TBlock.Value > 3)
                {
                    s3 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, 3 * w), s3);
                }

                if (TBlock.Value > 4)
                {
                    s4 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, 4 * w), s4);
                }

                if (TBlock.Value > 5)
                {
                    s5 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, 5 * w), s5);
                }

                if (TBlock.Value > 6)
                {
                    s6 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, 6 * w), s6);
                }

                if (TBlock.Value > 7)
                {
                    s7 = TVec.MultiplyAdd(a, TVec.LoadBFloat16(in row, 7 * w), s7);
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

    private static void Batch<TVec>(ReadOnlySpan<float> x, int xStride, int inputs, ReadOnlySpan<ushort> weights, int stride, ReadOnlySpan<float> bias, Span<float> y, int batch)
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref ushort wr = ref MemoryMarshal.GetReference(weights);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int b = 0;
        for (; b + TileRows <= batch; b += TileRows)
        {
            ref float xRows = ref Unsafe.Add(ref xr, (nint)b * xStride);
            ref float yRows = ref Unsafe.Add(ref yr, (nint)b * stride);
            int column = 0;
            for (; column + (2 * TVec.Count) <= stride; column += 2 * TVec.Count)
            {
                Tile<TVec, Two>(ref xRows, xStride, inputs, ref Unsafe.Add(ref wr, column), stride, ref Unsafe.Add(ref br, column), ref Unsafe.Add(ref yRows, column));
            }

            if (column < stride)
            {
                Tile<TVec, One>(ref xRows, xStride, inputs, ref Unsafe.Add(ref wr, column), stride, ref Unsafe.Add(ref br, column), ref Unsafe.Add(ref yRows, column));
            }
        }

        // The last rows, one at a time through the single-sample loop: the same sums in the same order.
        for (; b < batch; b++)
        {
            Single<TVec>(x.Slice(b * xStride, inputs), weights, stride, bias, y.Slice(b * stride, stride));
        }
    }

    /// <summary>
    /// Four rows × N = <typeparamref name="TBlock"/> (one or two) vectors of columns: each weight vector is widened once
    /// and used by four rows, in registers (eight accumulators at most, so AVX2's sixteen registers do not spill).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TVec, TBlock>(ref float x0, int xStride, int inputs, ref ushort weights, int stride, ref float bias, ref float y0)
        where TVec : struct, IFloatVector<TVec>
        where TBlock : struct, IVectorCount
    {
        nuint w = (nuint)TVec.Count;
        ref float x1 = ref Unsafe.Add(ref x0, xStride);
        ref float x2 = ref Unsafe.Add(ref x1, xStride);
        ref float x3 = ref Unsafe.Add(ref x2, xStride);
        TVec s00 = TVec.Zero, s01 = TVec.Zero, s10 = TVec.Zero, s11 = TVec.Zero;
        TVec s20 = TVec.Zero, s21 = TVec.Zero, s30 = TVec.Zero, s31 = TVec.Zero;
        for (int p = 0; p < inputs; p++)
        {
            ref ushort row = ref Unsafe.Add(ref weights, (nint)p * stride);
            TVec w0 = TVec.LoadBFloat16(in row, 0);
            TVec w1 = TBlock.Value > 1 ? TVec.LoadBFloat16(in row, w) : TVec.Zero;
            TVec a = TVec.Create(Unsafe.Add(ref x0, p));
            s00 = TVec.MultiplyAdd(a, w0, s00);
            if (TBlock.Value > 1)
            {
                s01 = TVec.MultiplyAdd(a, w1, s01);
            }

            a = TVec.Create(Unsafe.Add(ref x1, p));
            s10 = TVec.MultiplyAdd(a, w0, s10);
            if (TBlock.Value > 1)
            {
                s11 = TVec.MultiplyAdd(a, w1, s11);
            }

            a = TVec.Create(Unsafe.Add(ref x2, p));
            s20 = TVec.MultiplyAdd(a, w0, s20);
            if (TBlock.Value > 1)
            {
                s21 = TVec.MultiplyAdd(a, w1, s21);
            }

            a = TVec.Create(Unsafe.Add(ref x3, p));
            s30 = TVec.MultiplyAdd(a, w0, s30);
            if (TBlock.Value > 1)
            {
                s31 = TVec.MultiplyAdd(a, w1, s31);
            }
        }

        nuint rowStride = (nuint)stride;
        TVec bias0 = TVec.Load(in bias, 0);
        TVec.Store(s00 + bias0, ref y0, 0);
        TVec.Store(s10 + bias0, ref y0, rowStride);
        TVec.Store(s20 + bias0, ref y0, 2 * rowStride);
        TVec.Store(s30 + bias0, ref y0, 3 * rowStride);
        if (TBlock.Value > 1)
        {
            TVec bias1 = TVec.Load(in bias, w);
            TVec.Store(s01 + bias1, ref y0, w);
            TVec.Store(s11 + bias1, ref y0, rowStride + w);
            TVec.Store(s21 + bias1, ref y0, (2 * rowStride) + w);
            TVec.Store(s31 + bias1, ref y0, (3 * rowStride) + w);
        }
    }

    /// <summary>One <see cref="Single"/> call with its arguments bound, for the width dispatcher.</summary>
    private readonly ref struct SingleCall(ReadOnlySpan<float> x, ReadOnlySpan<ushort> weights, int stride, ReadOnlySpan<float> bias, Span<float> y) : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly ReadOnlySpan<ushort> _weights = weights;
        private readonly int _stride = stride;
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly Span<float> _y = y;

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
            => Single<TVec>(_x, _weights, _stride, _bias, _y);
    }

    /// <summary>One <see cref="Batch"/> call with its arguments bound, for the width dispatcher.</summary>
    private readonly ref struct BatchCall(ReadOnlySpan<float> x, int xStride, int inputs, ReadOnlySpan<ushort> weights, int stride, ReadOnlySpan<float> bias, Span<float> y, int batch) : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly int _xStride = xStride;
        private readonly int _inputs = inputs;
        private readonly ReadOnlySpan<ushort> _weights = weights;
        private readonly int _stride = stride;
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly Span<float> _y = y;
        private readonly int _batch = batch;

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
            => Batch<TVec>(_x, _xStride, _inputs, _weights, _stride, _bias, _y, _batch);
    }
}
