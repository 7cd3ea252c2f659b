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
/// W is a <see cref="BFloat16Weights"/>: rows padded to a multiple of 16 outputs, as <see cref="SparseGemv"/> pads fp32
/// rows, with each 32 outputs interleaved so that one load widens to two vectors by a shift and an AND. A
/// single-sample product is bound by how fast W streams in from L2 and by the operations per weight; bfloat16 halves
/// the bytes, and the interleaving keeps the operations at one load, one shift or AND and one FMA per vector.
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
    /// <c>y[0..Stride) = bias + Σ_{p : x[p] ≠ 0} x[p] · W[p, 0..Stride)</c>.
    /// </summary>
    /// <param name="x">The input row, <see cref="BFloat16Weights.Inputs"/> values; its zero entries are skipped.</param>
    /// <param name="weights">W, finite.</param>
    /// <param name="bias">Stride floats (zeros where the layer has none).</param>
    /// <param name="y">Written: Stride floats.</param>
    public static void Single(ReadOnlySpan<float> x, BFloat16Weights weights, ReadOnlySpan<float> bias, Span<float> y)
    {
        Debug.Assert(x.Length == weights.Inputs && bias.Length >= weights.Stride && y.Length >= weights.Stride, "span lengths");
        var call = new SingleCall(x, weights, bias, y);
        WidthDispatcher.Run(ref call);
    }

    /// <summary>
    /// <c>y[b, 0..Stride) = bias + Σ_p x[b, p] · W[p, 0..Stride)</c> for <paramref name="batch"/> rows: row b of x starts
    /// at b · <paramref name="xStride"/> and has <see cref="BFloat16Weights.Inputs"/> values; row b of y at b · Stride.
    /// </summary>
    /// <param name="x">The input rows.</param>
    /// <param name="xStride">The distance between input rows, at least Inputs.</param>
    /// <param name="weights">W, finite.</param>
    /// <param name="bias">Stride floats.</param>
    /// <param name="y">Written: batch × Stride floats.</param>
    /// <param name="batch">The rows.</param>
    public static void Batch(ReadOnlySpan<float> x, int xStride, BFloat16Weights weights, ReadOnlySpan<float> bias, Span<float> y, int batch)
    {
        int inputs = weights.Inputs, stride = weights.Stride;
        Debug.Assert(xStride >= inputs, "strides");
        Debug.Assert(batch == 0 || (x.Length >= ((batch - 1) * xStride) + inputs && y.Length >= batch * stride), "span lengths");
        Debug.Assert(bias.Length >= stride, "span lengths");
        var call = new BatchCall(x, xStride, weights, bias, y, batch);
        WidthDispatcher.Run(ref call);
    }

    private static void Single<TVec>(ReadOnlySpan<float> x, BFloat16Weights weights, ReadOnlySpan<float> bias, Span<float> y)
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref ushort wr = ref MemoryMarshal.GetReference(weights.Values);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int k = x.Length, stride = weights.Stride, paired = weights.PairedColumns, rowLength = weights.RowLength;
        ref float tail = ref Unsafe.As<ushort, float>(ref Unsafe.Add(ref wr, paired));

        // A pair is one load of TVec.Count lanes: two vectors of outputs. 512-bit code has 32 registers, so up to 16
        // accumulators (plus the one tail vector) fit in one pass; narrower code may run where there are only 16.
        int pairs = paired / (2 * TVec.Count);
        int tailVectors = (stride - paired) / TVec.Count;
        int pair = 0;
        if (TVec.Count >= 16)
        {
            for (; pairs - pair > 8; pair += 8)
            {
                SinglePass<TVec, Eight, Zero>(ref xr, k, ref wr, ref tail, paired, rowLength, pair, ref br, ref yr);
            }
        }
        else
        {
            for (; pairs - pair > 4; pair += 4)
            {
                SinglePass<TVec, Four, Zero>(ref xr, k, ref wr, ref tail, paired, rowLength, pair, ref br, ref yr);
            }
        }

        if (tailVectors == 1)
        {
            SinglePass<TVec, One>(pairs - pair, ref xr, k, ref wr, ref tail, paired, rowLength, pair, ref br, ref yr);
            return;
        }

        SinglePass<TVec, Zero>(pairs - pair, ref xr, k, ref wr, ref tail, paired, rowLength, pair, ref br, ref yr);

        // Narrow widths: the last 16 outputs (16 / Count vectors of floats), in passes of up to eight vectors. They are
        // stored as floats, so they are an fp32 zero-skipping product: SparseGemv's column block.
        for (int v = 0; v < tailVectors; v += 8)
        {
            int column = paired + (v * TVec.Count);
            ref float w = ref Unsafe.Add(ref tail, v * TVec.Count);
            ref float b = ref Unsafe.Add(ref br, column);
            ref float o = ref Unsafe.Add(ref yr, column);
            switch (Math.Min(8, tailVectors - v))
            {
                case 2: SparseGemv.ColumnBlock<TVec, Two>(ref xr, k, ref w, rowLength / 2, ref b, ref o); break;
                case 4: SparseGemv.ColumnBlock<TVec, Four>(ref xr, k, ref w, rowLength / 2, ref b, ref o); break;
                default: SparseGemv.ColumnBlock<TVec, Eight>(ref xr, k, ref w, rowLength / 2, ref b, ref o); break;
            }
        }
    }

    /// <summary>One pass of <paramref name="count"/> pairs (0 to 8) and <typeparamref name="TTail"/> tail vectors, by count.</summary>
    private static void SinglePass<TVec, TTail>(int count, ref float x, int k, ref ushort weights, ref float tail, int tailColumn, int rowLength, int firstPair, ref float bias, ref float y)
        where TVec : struct, IFloatVector<TVec>
        where TTail : struct, IVectorCount
    {
        switch (count)
        {
            case 0:
                if (TTail.Value > 0)
                {
                    SinglePass<TVec, Zero, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y);
                }

                break;
            case 1: SinglePass<TVec, One, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
            case 2: SinglePass<TVec, Two, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
            case 3: SinglePass<TVec, Three, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
            case 4: SinglePass<TVec, Four, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
            case 5: SinglePass<TVec, Five, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
            case 6: SinglePass<TVec, Six, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
            case 7: SinglePass<TVec, Seven, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
            default: SinglePass<TVec, Eight, TTail>(ref x, k, ref weights, ref tail, tailColumn, rowLength, firstPair, ref bias, ref y); break;
        }
    }

    /// <summary>
    /// N = <typeparamref name="TPairs"/> pairs from pair <paramref name="firstPair"/> on (2N vectors of outputs) and
    /// <typeparamref name="TTail"/> (0 or 1) vector of the tail's floats, summed over x's nonzero entries.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SinglePass<TVec, TPairs, TTail>(ref float x, int k, ref ushort weights, ref float tail, int tailColumn, nint rowLength, int firstPair, ref float bias, ref float y)
        where TVec : struct, IFloatVector<TVec>
        where TPairs : struct, IVectorCount
        where TTail : struct, IVectorCount
    {
        nuint w = 2 * (nuint)TVec.Count;
        ref ushort pairs = ref Unsafe.Add(ref weights, (nint)firstPair * 2 * TVec.Count);
        TVec l0 = TVec.Zero, h0 = TVec.Zero, l1 = TVec.Zero, h1 = TVec.Zero, l2 = TVec.Zero, h2 = TVec.Zero, l3 = TVec.Zero, h3 = TVec.Zero;
        TVec l4 = TVec.Zero, h4 = TVec.Zero, l5 = TVec.Zero, h5 = TVec.Zero, l6 = TVec.Zero, h6 = TVec.Zero, l7 = TVec.Zero, h7 = TVec.Zero;
        TVec t = TVec.Zero;
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
                ref ushort row = ref Unsafe.Add(ref pairs, index * rowLength);
                TVec low, high;
                if (TPairs.Value > 0)
                {
                    TVec.LoadBFloat16Pairs(in row, 0, out low, out high);
                    l0 = TVec.MultiplyAdd(a, low, l0);
                    h0 = TVec.MultiplyAdd(a, high, h0);
                }

                if (TPairs.Value > 1)
                {
                    TVec.LoadBFloat16Pairs(in row, w, out low, out high);
                    l1 = TVec.MultiplyAdd(a, low, l1);
                    h1 = TVec.MultiplyAdd(a, high, h1);
                }

                if (TPairs.Value > 2)
                {
                    TVec.LoadBFloat16Pairs(in row, 2 * w, out low, out high);
                    l2 = TVec.MultiplyAdd(a, low, l2);
                    h2 = TVec.MultiplyAdd(a, high, h2);
                }

                if (TPairs.Value > 3)
                {
                    TVec.LoadBFloat16Pairs(in row, 3 * w, out low, out high);
                    l3 = TVec.MultiplyAdd(a, low, l3);
                    h3 = TVec.MultiplyAdd(a, high, h3);
                }

                if (TPairs.Value > 4)
                {
                    TVec.LoadBFloat16Pairs(in row, 4 * w, out low, out high);
                    l4 = TVec.MultiplyAdd(a, low, l4);
                    h4 = TVec.MultiplyAdd(a, high, h4);
                }

                if (TPairs.Value > 5)
                {
                    TVec.LoadBFloat16Pairs(in row, 5 * w, out low, out high);
                    l5 = TVec.MultiplyAdd(a, low, l5);
                    h5 = TVec.MultiplyAdd(a, high, h5);
                }

                if (TPairs.Value > 6)
                {
                    TVec.LoadBFloat16Pairs(in row, 6 * w, out low, out high);
                    l6 = TVec.MultiplyAdd(a, low, l6);
                    h6 = TVec.MultiplyAdd(a, high, h6);
                }

                if (TPairs.Value > 7)
                {
                    TVec.LoadBFloat16Pairs(in row, 7 * w, out low, out high);
                    l7 = TVec.MultiplyAdd(a, low, l7);
                    h7 = TVec.MultiplyAdd(a, high, h7);
                }

                if (TTail.Value > 0)
                {
                    t = TVec.MultiplyAdd(a, TVec.Load(in Unsafe.Add(ref tail, index * (rowLength / 2)), 0), t);
                }
            }
        }

        StorePair(l0, h0, firstPair, ref bias, ref y, 0);
        StorePair(l1, h1, firstPair, ref bias, ref y, 1);
        StorePair(l2, h2, firstPair, ref bias, ref y, 2);
        StorePair(l3, h3, firstPair, ref bias, ref y, 3);
        StorePair(l4, h4, firstPair, ref bias, ref y, 4);
        StorePair(l5, h5, firstPair, ref bias, ref y, 5);
        StorePair(l6, h6, firstPair, ref bias, ref y, 6);
        StorePair(l7, h7, firstPair, ref bias, ref y, 7);
        if (TTail.Value > 0)
        {
            TVec.Store(t + TVec.Load(in bias, (nuint)tailColumn), ref y, (nuint)tailColumn);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void StorePair(TVec low, TVec high, int firstPair, ref float bias, ref float y, int pair)
        {
            if (pair < TPairs.Value)
            {
                nuint at = PairColumn<TVec>(firstPair + pair);
                TVec.Store(low + TVec.Load(in bias, at), ref y, at);
                TVec.Store(high + TVec.Load(in bias, at + 16), ref y, at + 16);
            }
        }
    }

    /// <summary>The first output of pair <paramref name="pair"/>'s low vector; its high vector's is 16 further.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint PairColumn<TVec>(int pair)
        where TVec : struct, IFloatVector<TVec>
    {
        int lane = pair * TVec.Count;
        return (nuint)((lane / 16 * BFloat16Weights.BlockColumns) + (lane % 16));
    }

    private static void Batch<TVec>(ReadOnlySpan<float> x, int xStride, BFloat16Weights weights, ReadOnlySpan<float> bias, Span<float> y, int batch)
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref ushort wr = ref MemoryMarshal.GetReference(weights.Values);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int inputs = weights.Inputs, stride = weights.Stride, paired = weights.PairedColumns, rowLength = weights.RowLength;
        int pairs = paired / (2 * TVec.Count);
        int b = 0;
        for (; b + TileRows <= batch; b += TileRows)
        {
            ref float xRows = ref Unsafe.Add(ref xr, (nint)b * xStride);
            ref float yRows = ref Unsafe.Add(ref yr, (nint)b * stride);
            for (int pair = 0; pair < pairs; pair++)
            {
                int first = (int)PairColumn<TVec>(pair);
                Tile<TVec, Two, One>(ref xRows, xStride, inputs, ref Unsafe.Add(ref wr, pair * 2 * TVec.Count), rowLength, stride, ref Unsafe.Add(ref br, first), ref Unsafe.Add(ref yRows, first));
            }

            // The tail's floats: two 16-bit places each.
            int column = paired;
            for (; column + (2 * TVec.Count) <= stride; column += 2 * TVec.Count)
            {
                ref ushort tail = ref Unsafe.Add(ref wr, paired + (2 * (column - paired)));
                Tile<TVec, Two, Zero>(ref xRows, xStride, inputs, ref tail, rowLength, stride, ref Unsafe.Add(ref br, column), ref Unsafe.Add(ref yRows, column));
            }

            if (column < stride)
            {
                ref ushort tail = ref Unsafe.Add(ref wr, paired + (2 * (column - paired)));
                Tile<TVec, One, Zero>(ref xRows, xStride, inputs, ref tail, rowLength, stride, ref Unsafe.Add(ref br, column), ref Unsafe.Add(ref yRows, column));
            }
        }

        // The last rows, one at a time through the single-sample loop: the same sums in the same order.
        for (; b < batch; b++)
        {
            Single<TVec>(x.Slice(b * xStride, inputs), weights, bias, y.Slice(b * stride, stride));
        }
    }

    /// <summary>
    /// Four rows × N = <typeparamref name="TBlock"/> (one or two) vectors of columns: each weight vector is widened once
    /// and used by four rows, in registers (eight accumulators at most, so AVX2's sixteen registers do not spill). With
    /// <typeparamref name="TPaired"/> = One the two vectors are one pair of the interleaved blocks (outputs 16 apart),
    /// else consecutive vectors of the tail's floats. W's rows are <paramref name="rowLength"/> 16-bit values apart, y's
    /// <paramref name="stride"/> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TVec, TBlock, TPaired>(ref float x0, int xStride, int inputs, ref ushort weights, int rowLength, int stride, ref float bias, ref float y0)
        where TVec : struct, IFloatVector<TVec>
        where TBlock : struct, IVectorCount
        where TPaired : struct, IVectorCount
    {
        nuint w = TPaired.Value > 0 ? 16 : (nuint)TVec.Count;
        ref float x1 = ref Unsafe.Add(ref x0, xStride);
        ref float x2 = ref Unsafe.Add(ref x1, xStride);
        ref float x3 = ref Unsafe.Add(ref x2, xStride);
        TVec s00 = TVec.Zero, s01 = TVec.Zero, s10 = TVec.Zero, s11 = TVec.Zero;
        TVec s20 = TVec.Zero, s21 = TVec.Zero, s30 = TVec.Zero, s31 = TVec.Zero;
        for (int p = 0; p < inputs; p++)
        {
            ref ushort row = ref Unsafe.Add(ref weights, (nint)p * rowLength);
            TVec w0, w1;
            if (TPaired.Value > 0)
            {
                TVec.LoadBFloat16Pairs(in row, 0, out w0, out w1);
            }
            else
            {
                ref float floats = ref Unsafe.As<ushort, float>(ref row);
                w0 = TVec.Load(in floats, 0);
                w1 = TBlock.Value > 1 ? TVec.Load(in floats, w) : TVec.Zero;
            }

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
    private readonly ref struct SingleCall(ReadOnlySpan<float> x, BFloat16Weights weights, ReadOnlySpan<float> bias, Span<float> y) : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly BFloat16Weights _weights = weights;
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly Span<float> _y = y;

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
            => Single<TVec>(_x, _weights, _bias, _y);
    }

    /// <summary>One <see cref="Batch"/> call with its arguments bound, for the width dispatcher.</summary>
    private readonly ref struct BatchCall(ReadOnlySpan<float> x, int xStride, BFloat16Weights weights, ReadOnlySpan<float> bias, Span<float> y, int batch) : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _x = x;
        private readonly int _xStride = xStride;
        private readonly BFloat16Weights _weights = weights;
        private readonly ReadOnlySpan<float> _bias = bias;
        private readonly Span<float> _y = y;
        private readonly int _batch = batch;

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
            => Batch<TVec>(_x, _xStride, _weights, _bias, _y, _batch);
    }
}
