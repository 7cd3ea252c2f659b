using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpanNet.Kernels.LowPrecision;

/// <summary>
/// A dense layer with int8 weights (<see cref="Int8Weights"/>) and each input row quantized to bytes on the fly:
/// <c>y[j] = fma(float(Σ_p u[p] · q[p, j] − z · Σ_p q[p, j]), sₓ · scale[j], bias[j])</c>, the sums exact 32-bit
/// integers.
/// </summary>
/// <remarks>
/// <para>
/// A row x is quantized as 7-bit unsigned bytes u with a zero point z: a row with no negative value (pixels, ReLU
/// outputs) takes all 128 levels, <c>sₓ = max x / 127</c>, z = 0; a row with negatives is symmetric,
/// <c>sₓ = max |x| / 63</c>, z = 64; u = z + round(x / sₓ) (to nearest, ties to even, computed as
/// <c>x · (127 / max)</c> or <c>x · (63 / max |x|)</c>), clamped to [0, 127]. An all-zero row has sₓ = 1, u = z.
/// Seven bits, not eight, because without VNNI the fast byte product is <c>vpmaddubsw</c>, which sums two products
/// into a saturating 16-bit lane: 127 · 127 · 2 = 32,258 fits, 255 · 127 · 2 would not. Every path takes the same
/// bytes, so they all give the same sums.
/// </para>
/// <para>
/// The integer sums are the same on every <see cref="Int8Path"/> (integer addition is exact in any order), and the one
/// floating-point step after them is the same fused multiply-add everywhere, so every path gives the same bits. With
/// z = 0 a group of four zero inputs adds nothing and is skipped: an MNIST digit is mostly such groups.
/// </para>
/// </remarks>
internal static class Int8Affine
{
    /// <summary>Groups of four inputs gathered per pass of the vector paths: 1,024 inputs, 2 KiB of stack.</summary>
    private const int GroupChunk = 256;

    /// <summary>The largest input byte: inputs are seven bits (see the remarks).</summary>
    private const int MaxInput = 127;

    /// <summary>The zero point of a row with negative values: the middle of the seven-bit range.</summary>
    private const int SignedZeroPoint = 64;

    [ThreadStatic]
    private static Int8Path? t_forced;

    /// <summary>The fastest path this CPU has.</summary>
    public static Int8Path Fastest { get; } =
        AvxVnni.IsSupported ? Int8Path.Vnni256
        : Avx512BW.IsSupported ? Int8Path.MultiplyAddAdjacent512
        : Avx2.IsSupported ? Int8Path.MultiplyAddAdjacent256
        : Int8Path.Scalar;

    /// <summary>The path this thread's calls take: <see cref="Fastest"/> unless a test or benchmark forced another.</summary>
    public static Int8Path Current => t_forced ?? Fastest;

    /// <summary>The path forced on this thread, if any (<see cref="Simd.KernelVariants"/> forces it).</summary>
    internal static Int8Path? Forced => t_forced;

    /// <summary>Whether <paramref name="path"/> runs on this CPU.</summary>
    public static bool IsAvailable(Int8Path path) => path switch
    {
        Int8Path.Scalar => true,
        Int8Path.MultiplyAddAdjacent256 => Avx2.IsSupported,
        Int8Path.MultiplyAddAdjacent512 => Avx512BW.IsSupported,
        Int8Path.Vnni256 => AvxVnni.IsSupported,
        _ => false,
    };

    /// <summary>Makes this thread's calls take <paramref name="path"/> (null: the fastest) and returns the one it replaces.</summary>
    internal static Int8Path? Force(Int8Path? path)
    {
        Debug.Assert(path is null || IsAvailable(path.Value), "the forced path must run here");
        Int8Path? previous = t_forced;
        t_forced = path;
        return previous;
    }

    /// <summary>The bytes <see cref="Single"/> needs in its <c>quantized</c> scratch for <paramref name="weights"/>.</summary>
    public static int QuantizedLength(Int8Weights weights) => weights.Groups * 4;

    /// <summary>
    /// <c>y[0..Stride) = </c> the layer applied to <paramref name="x"/> (<see cref="Int8Weights.Inputs"/> values).
    /// </summary>
    /// <param name="x">The input row, finite.</param>
    /// <param name="weights">The quantized weights.</param>
    /// <param name="bias">Stride floats (zeros where the layer has none).</param>
    /// <param name="y">Written: Stride floats.</param>
    /// <param name="quantized">Scratch: <see cref="QuantizedLength"/> bytes.</param>
    /// <param name="sums">Scratch: Stride integers.</param>
    public static void Single(ReadOnlySpan<float> x, Int8Weights weights, ReadOnlySpan<float> bias, Span<float> y, Span<byte> quantized, Span<int> sums)
    {
        Debug.Assert(x.Length == weights.Inputs && bias.Length >= weights.Stride && y.Length >= weights.Stride, "span lengths");
        Debug.Assert(quantized.Length >= QuantizedLength(weights) && sums.Length >= weights.Stride, "scratch lengths");
        (float scale, int zeroPoint) = QuantizeRow(x, quantized[..QuantizedLength(weights)]);
        DotProducts(quantized, weights, zeroPoint, sums);
        ReadOnlySpan<float> scales = weights.Scales;
        ReadOnlySpan<int> columnSums = weights.ColumnSums;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same conversion, product and fused multiply-add as the scalar loop, eight outputs at a time.
            Vector256<float> rowScale = Vector256.Create(scale);
            Vector256<int> offset = Vector256.Create(zeroPoint);
            for (; j + 8 <= weights.Stride; j += 8)
            {
                Vector256<float> sum = Vector256.ConvertToSingle(Vector256.Create(sums.Slice(j, 8)) - (offset * Vector256.Create(columnSums.Slice(j, 8))));
                Vector256.FusedMultiplyAdd(sum, rowScale * Vector256.Create(scales.Slice(j, 8)), Vector256.Create(bias.Slice(j, 8))).CopyTo(y.Slice(j, 8));
            }
        }

        for (; j < weights.Stride; j++)
        {
            y[j] = MathF.FusedMultiplyAdd(sums[j] - (zeroPoint * columnSums[j]), scale * scales[j], bias[j]);
        }
    }

    /// <summary>
    /// <see cref="Single"/> for <paramref name="batch"/> rows: row b of x at b · <paramref name="xStride"/>, row b of y
    /// at b · Stride; each row is quantized with its own scale.
    /// </summary>
    public static void Batch(ReadOnlySpan<float> x, int xStride, Int8Weights weights, ReadOnlySpan<float> bias, Span<float> y, int batch, Span<byte> quantized, Span<int> sums)
    {
        int stride = weights.Stride;
        for (int b = 0; b < batch; b++)
        {
            Single(x.Slice(b * xStride, weights.Inputs), weights, bias, y.Slice(b * stride, stride), quantized, sums);
        }
    }

    /// <summary>
    /// Quantizes <paramref name="x"/> into <paramref name="quantized"/> (its length rounded up to four; the padding
    /// gets the zero point) and returns sₓ and z as the class remarks define them.
    /// </summary>
    internal static (float Scale, int ZeroPoint) QuantizeRow(ReadOnlySpan<float> x, Span<byte> quantized)
    {
        (float smallest, float largest) = Range(x);
        bool signed = smallest < 0f;
        float magnitude = signed ? Math.Max(largest, -smallest) : largest;
        int zeroPoint = signed ? SignedZeroPoint : 0;
        if (magnitude == 0f)
        {
            quantized.Fill((byte)zeroPoint);
            return (1f, zeroPoint);
        }

        float levels = signed ? SignedZeroPoint - 1 : MaxInput;
        float inverse = levels / magnitude;
        int p = 0;
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            // Sixteen floats at a time: vcvtps2dq rounds to nearest even (the default mode), as MathF.Round does, and
            // the clamped values narrow to bytes in one vpmovusdb.
            Vector512<float> scale = Vector512.Create(inverse);
            Vector512<int> offset = Vector512.Create(zeroPoint), low = Vector512<int>.Zero, high = Vector512.Create(MaxInput);
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref byte qr = ref MemoryMarshal.GetReference(quantized);
            for (; p + 16 <= x.Length; p += 16)
            {
                Vector512<int> q = Avx512F.ConvertToVector512Int32(Vector512.LoadUnsafe(ref xr, (nuint)p) * scale) + offset;
                Avx512F.ConvertToVector128ByteWithSaturation(Vector512.Min(Vector512.Max(q, low), high).AsUInt32()).StoreUnsafe(ref qr, (nuint)p);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            // Eight floats at a time, the same rounding as the scalar loop; four vectors narrow to 32 bytes.
            Vector256<float> scale = Vector256.Create(inverse);
            Vector256<int> offset = Vector256.Create(zeroPoint), low = Vector256<int>.Zero, high = Vector256.Create(MaxInput);
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref byte qr = ref MemoryMarshal.GetReference(quantized);
            for (; p + 32 <= x.Length; p += 32)
            {
                Vector256<int> q0 = Quantize(Vector256.LoadUnsafe(ref xr, (nuint)p), scale, offset, low, high);
                Vector256<int> q1 = Quantize(Vector256.LoadUnsafe(ref xr, (nuint)p + 8), scale, offset, low, high);
                Vector256<int> q2 = Quantize(Vector256.LoadUnsafe(ref xr, (nuint)p + 16), scale, offset, low, high);
                Vector256<int> q3 = Quantize(Vector256.LoadUnsafe(ref xr, (nuint)p + 24), scale, offset, low, high);
                Vector256<ushort> first = Vector256.Narrow(q0.AsUInt32(), q1.AsUInt32());
                Vector256<ushort> second = Vector256.Narrow(q2.AsUInt32(), q3.AsUInt32());
                Vector256.Narrow(first, second).StoreUnsafe(ref qr, (nuint)p);
            }
        }

        for (; p < x.Length; p++)
        {
            quantized[p] = (byte)Math.Clamp(zeroPoint + (int)MathF.Round(x[p] * inverse), 0, MaxInput);
        }

        quantized[x.Length..].Fill((byte)zeroPoint);
        return (magnitude / levels, zeroPoint);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<int> Quantize(Vector256<float> values, Vector256<float> scale, Vector256<int> offset, Vector256<int> low, Vector256<int> high) =>
            Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(Vector256.Round(values * scale)) + offset, low), high);
    }

    /// <summary>The smallest and largest of <paramref name="x"/> and 0.</summary>
    private static (float Smallest, float Largest) Range(ReadOnlySpan<float> x)
    {
        float largest = 0f, smallest = 0f;
        int p = 0;
        if (Vector512.IsHardwareAccelerated && x.Length >= 32)
        {
            // Two pairs of accumulators, so consecutive vectors do not wait on each other's max and min.
            ref float xr = ref MemoryMarshal.GetReference(x);
            Vector512<float> most = Vector512<float>.Zero, least = Vector512<float>.Zero, most2 = Vector512<float>.Zero, least2 = Vector512<float>.Zero;
            for (; p + 32 <= x.Length; p += 32)
            {
                Vector512<float> first = Vector512.LoadUnsafe(ref xr, (nuint)p), second = Vector512.LoadUnsafe(ref xr, (nuint)p + 16);
                most = Vector512.Max(most, first);
                least = Vector512.Min(least, first);
                most2 = Vector512.Max(most2, second);
                least2 = Vector512.Min(least2, second);
            }

            most = Vector512.Max(most, most2);
            least = Vector512.Min(least, least2);
            for (int lane = 0; lane < 16; lane++)
            {
                largest = Math.Max(largest, most[lane]);
                smallest = Math.Min(smallest, least[lane]);
            }
        }
        else if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            Vector256<float> most = Vector256<float>.Zero, least = Vector256<float>.Zero;
            for (; p + 8 <= x.Length; p += 8)
            {
                Vector256<float> values = Vector256.LoadUnsafe(ref xr, (nuint)p);
                most = Vector256.Max(most, values);
                least = Vector256.Min(least, values);
            }

            for (int lane = 0; lane < 8; lane++)
            {
                largest = Math.Max(largest, most[lane]);
                smallest = Math.Min(smallest, least[lane]);
            }
        }

        for (; p < x.Length; p++)
        {
            largest = Math.Max(largest, x[p]);
            smallest = Math.Min(smallest, x[p]);
        }

        return (smallest, largest);
    }

    /// <summary><c>sums[j] = Σ_p u[p] · q[p, j]</c> for every j &lt; Stride, on <see cref="Current"/>'s path.</summary>
    internal static void DotProducts(ReadOnlySpan<byte> quantized, Int8Weights weights, int zeroPoint, Span<int> sums)
    {
        switch (Current)
        {
            case Int8Path.Vnni256: DotProductsVnni(quantized, weights, zeroPoint, sums); break;
            case Int8Path.MultiplyAddAdjacent256: DotProductsMultiplyAddAdjacent(quantized, weights, zeroPoint, sums); break;
            case Int8Path.MultiplyAddAdjacent512: DotProductsMultiplyAddAdjacent512(quantized, weights, zeroPoint, sums); break;
            default: DotProductsScalar(quantized, weights, sums); break;
        }
    }

    private static void DotProductsScalar(ReadOnlySpan<byte> quantized, Int8Weights weights, Span<int> sums)
    {
        ReadOnlySpan<sbyte> values = weights.Values;
        int stride = weights.Stride;
        sums[..stride].Clear();
        for (int g = 0; g < weights.Groups; g++)
        {
            for (int j = 0; j < stride; j++)
            {
                int at = ((g * stride) + j) * 4;
                sums[j] += (quantized[4 * g] * values[at]) + (quantized[(4 * g) + 1] * values[at + 1])
                    + (quantized[(4 * g) + 2] * values[at + 2]) + (quantized[(4 * g) + 3] * values[at + 3]);
            }
        }
    }

    /// <summary>
    /// Per sixteen outputs and nonzero group, two <c>vpmaddubsw</c> of the group's four input bytes (broadcast) against
    /// 64 bytes of weights (pairs of byte products into 16-bit lanes, which seven-bit inputs cannot overflow), then
    /// <c>vpmaddwd</c> by ones to add each output's two pairs into its 32-bit lane: VNNI's result in three instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotProductsMultiplyAddAdjacent(ReadOnlySpan<byte> quantized, Int8Weights weights, int zeroPoint, Span<int> sums)
    {
        ref byte x = ref MemoryMarshal.GetReference(quantized);
        ref sbyte w = ref MemoryMarshal.GetReference(weights.Values);
        ref int s = ref MemoryMarshal.GetReference(sums);
        int stride = weights.Stride, groups = weights.Groups;
        uint skippable = zeroPoint == 0 ? 0u : uint.MaxValue;   // with z = 0 an all-zero group adds nothing
        Span<int> indices = stackalloc int[GroupChunk];
        Span<uint> packed = stackalloc uint[GroupChunk];
        Vector256<short> ones = Vector256<short>.One;
        sums[..stride].Clear();
        for (int start = 0; start < groups; start += GroupChunk)
        {
            int count = Gather(ref x, start, Math.Min(groups, start + GroupChunk), skippable, indices, packed);
            for (int column = 0; column < stride; column += 16)
            {
                Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero;
                for (int i = 0; i < count; i++)
                {
                    Vector256<byte> inputs = Vector256.Create(packed[i]).AsByte();
                    ref sbyte block = ref Unsafe.Add(ref w, (((nint)indices[i] * stride) + column) * 4);
                    a0 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(inputs, Vector256.LoadUnsafe(ref block)), ones);
                    a1 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(inputs, Vector256.LoadUnsafe(ref block, 32)), ones);
                }

                (Vector256.LoadUnsafe(ref s, (nuint)column) + a0).StoreUnsafe(ref s, (nuint)column);
                (Vector256.LoadUnsafe(ref s, (nuint)column + 8) + a1).StoreUnsafe(ref s, (nuint)column + 8);
            }
        }
    }

    /// <summary>
    /// Per pass of up to eight vectors of sixteen outputs and per nonzero group: the group's four input bytes broadcast,
    /// then per vector one 64-byte load, <c>vpmaddubsw</c>, <c>vpmaddwd</c> by ones and an add, into accumulators that
    /// stay in registers for the whole pass, so each weight line is read once, in order, and no sum goes through memory.
    /// </summary>
    private static void DotProductsMultiplyAddAdjacent512(ReadOnlySpan<byte> quantized, Int8Weights weights, int zeroPoint, Span<int> sums)
    {
        ref byte x = ref MemoryMarshal.GetReference(quantized);
        ref sbyte w = ref MemoryMarshal.GetReference(weights.Values);
        ref int s = ref MemoryMarshal.GetReference(sums);
        int stride = weights.Stride, groups = weights.Groups, rowBytes = stride * 4;
        uint skippable = zeroPoint == 0 ? 0u : uint.MaxValue;
        Span<int> offsets = stackalloc int[GroupChunk];
        Span<uint> packed = stackalloc uint[GroupChunk];
        sums[..stride].Clear();
        int vectors = stride / 16;
        for (int start = 0; start < groups; start += GroupChunk)
        {
            int count = GatherOffsets(ref x, start, Math.Min(groups, start + GroupChunk), skippable, rowBytes, offsets, packed);
            ref int o = ref MemoryMarshal.GetReference(offsets);
            ref uint g = ref MemoryMarshal.GetReference(packed);
            for (int v = 0; v < vectors; v += 8)
            {
                ref sbyte wv = ref Unsafe.Add(ref w, v * 64);
                ref int sv = ref Unsafe.Add(ref s, v * 16);
                switch (Math.Min(8, vectors - v))
                {
                    case 1: Pass512<One>(ref o, ref g, count, ref wv, ref sv); break;
                    case 2: Pass512<Two>(ref o, ref g, count, ref wv, ref sv); break;
                    case 3: Pass512<Three>(ref o, ref g, count, ref wv, ref sv); break;
                    case 4: Pass512<Four>(ref o, ref g, count, ref wv, ref sv); break;
                    case 5: Pass512<Five>(ref o, ref g, count, ref wv, ref sv); break;
                    case 6: Pass512<Six>(ref o, ref g, count, ref wv, ref sv); break;
                    case 7: Pass512<Seven>(ref o, ref g, count, ref wv, ref sv); break;
                    default: Pass512<Eight>(ref o, ref g, count, ref wv, ref sv); break;
                }
            }
        }
    }

    /// <summary>N = <typeparamref name="TBlock"/> vectors of sixteen outputs over <paramref name="count"/> gathered groups, added into <paramref name="sums"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass512<TBlock>(ref int offsets, ref uint packed, int count, ref sbyte weights, ref int sums)
        where TBlock : struct, IVectorCount
    {
        Vector512<int> a0 = Vector512<int>.Zero, a1 = Vector512<int>.Zero, a2 = Vector512<int>.Zero, a3 = Vector512<int>.Zero;
        Vector512<int> a4 = Vector512<int>.Zero, a5 = Vector512<int>.Zero, a6 = Vector512<int>.Zero, a7 = Vector512<int>.Zero;
        Vector512<short> ones = Vector512<short>.One;
        for (int i = 0; i < count; i++)
        {
            Vector512<byte> inputs = Vector512.Create(Unsafe.Add(ref packed, i)).AsByte();
            ref sbyte row = ref Unsafe.Add(ref weights, Unsafe.Add(ref offsets, i));
            a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row)), ones);
            if (TBlock.Value > 1)
            {
                a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row, 64)), ones);
            }

            if (TBlock.Value > 2)
            {
                a2 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row, 128)), ones);
            }

            if (TBlock.Value > 3)
            {
                a3 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row, 192)), ones);
            }

            if (TBlock.Value > 4)
            {
                a4 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row, 256)), ones);
            }

            if (TBlock.Value > 5)
            {
                a5 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row, 320)), ones);
            }

            if (TBlock.Value > 6)
            {
                a6 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row, 384)), ones);
            }

            if (TBlock.Value > 7)
            {
                a7 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(inputs, Vector512.LoadUnsafe(ref row, 448)), ones);
            }
        }

        Add(a0, ref sums, 0);
        Add(a1, ref sums, 1);
        Add(a2, ref sums, 2);
        Add(a3, ref sums, 3);
        Add(a4, ref sums, 4);
        Add(a5, ref sums, 5);
        Add(a6, ref sums, 6);
        Add(a7, ref sums, 7);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Add(Vector512<int> sum, ref int sums, int vector)
        {
            if (vector < TBlock.Value)
            {
                nuint at = (nuint)(vector * 16);
                (Vector512.LoadUnsafe(ref sums, at) + sum).StoreUnsafe(ref sums, at);
            }
        }
    }

    /// <summary>
    /// The groups in [<paramref name="start"/>, <paramref name="end"/>) that are not all zero point: the byte offsets of
    /// their weight rows and their four bytes: sixteen at a time while none is skippable, then one at a time without a
    /// branch per group (an MNIST digit's zero groups come in no pattern a predictor could learn).
    /// </summary>
    private static int GatherOffsets(ref byte x, int start, int end, uint skippable, int rowBytes, Span<int> offsets, Span<uint> packed)
    {
        ref int o = ref MemoryMarshal.GetReference(offsets);
        ref uint q = ref MemoryMarshal.GetReference(packed);
        int count = 0, g = start;

        // Sixteen groups at a time when none of them is skippable (a dense row: all of them), else one at a time.
        Vector512<uint> skip = Vector512.Create(skippable);
        Vector512<int> step = Vector512.Create(rowBytes);
        for (; g + 16 <= end; g += 16)
        {
            Vector512<uint> groups = Vector512.LoadUnsafe(ref Unsafe.As<byte, uint>(ref Unsafe.Add(ref x, 4 * g)));
            if (Vector512.EqualsAny(groups, skip))
            {
                for (int i = g; i < g + 16; i++)
                {
                    count = Keep(ref o, ref q, count, i, skippable, rowBytes, ref x);
                }
            }
            else
            {
                groups.StoreUnsafe(ref q, (nuint)count);
                ((Vector512.Create(g) + Vector512<int>.Indices) * step).StoreUnsafe(ref o, (nuint)count);
                count += 16;
            }
        }

        for (; g < end; g++)
        {
            count = Keep(ref o, ref q, count, g, skippable, rowBytes, ref x);
        }

        return count;

        // Writes group g at the next place, and moves past it unless it is skippable: no branch.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static int Keep(ref int offsets, ref uint packed, int count, int g, uint skippable, int rowBytes, ref byte x)
        {
            uint group = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, 4 * g));
            Unsafe.Add(ref offsets, count) = g * rowBytes;
            Unsafe.Add(ref packed, count) = group;
            return count + (group != skippable ? 1 : 0);
        }
    }

    /// <summary>The groups in [<paramref name="start"/>, <paramref name="end"/>) that are not all zero point: their indices and four bytes.</summary>
    private static int Gather(ref byte x, int start, int end, uint skippable, Span<int> indices, Span<uint> packed)
    {
        int count = 0;
        for (int g = start; g < end; g++)
        {
            uint group = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, 4 * g));
            if (group != skippable)
            {
                indices[count] = g;
                packed[count++] = group;
            }
        }

        return count;
    }

    /// <summary>
    /// Per sixteen outputs and nonzero group, two <c>vpdpbusd</c> of the group's four input bytes (broadcast) against
    /// 64 bytes of weights, alternating two pairs of accumulators so consecutive ones do not wait on each other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotProductsVnni(ReadOnlySpan<byte> quantized, Int8Weights weights, int zeroPoint, Span<int> sums)
    {
        ref byte x = ref MemoryMarshal.GetReference(quantized);
        ref sbyte w = ref MemoryMarshal.GetReference(weights.Values);
        ref int s = ref MemoryMarshal.GetReference(sums);
        int stride = weights.Stride, groups = weights.Groups;
        uint skippable = zeroPoint == 0 ? 0u : uint.MaxValue;
        Span<int> indices = stackalloc int[GroupChunk];
        Span<uint> packed = stackalloc uint[GroupChunk];
        sums[..stride].Clear();
        for (int start = 0; start < groups; start += GroupChunk)
        {
            int count = Gather(ref x, start, Math.Min(groups, start + GroupChunk), skippable, indices, packed);
            for (int column = 0; column < stride; column += 16)
            {
                Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero, b0 = Vector256<int>.Zero, b1 = Vector256<int>.Zero;
                int i = 0;
                for (; i + 2 <= count; i += 2)
                {
                    ref sbyte first = ref Unsafe.Add(ref w, (((nint)indices[i] * stride) + column) * 4);
                    ref sbyte second = ref Unsafe.Add(ref w, (((nint)indices[i + 1] * stride) + column) * 4);
                    Vector256<byte> inputs = Vector256.Create(packed[i]).AsByte();
                    a0 = AvxVnni.MultiplyWideningAndAdd(a0, inputs, Vector256.LoadUnsafe(ref first));
                    a1 = AvxVnni.MultiplyWideningAndAdd(a1, inputs, Vector256.LoadUnsafe(ref first, 32));
                    inputs = Vector256.Create(packed[i + 1]).AsByte();
                    b0 = AvxVnni.MultiplyWideningAndAdd(b0, inputs, Vector256.LoadUnsafe(ref second));
                    b1 = AvxVnni.MultiplyWideningAndAdd(b1, inputs, Vector256.LoadUnsafe(ref second, 32));
                }

                if (i < count)
                {
                    ref sbyte last = ref Unsafe.Add(ref w, (((nint)indices[i] * stride) + column) * 4);
                    Vector256<byte> inputs = Vector256.Create(packed[i]).AsByte();
                    a0 = AvxVnni.MultiplyWideningAndAdd(a0, inputs, Vector256.LoadUnsafe(ref last));
                    a1 = AvxVnni.MultiplyWideningAndAdd(a1, inputs, Vector256.LoadUnsafe(ref last, 32));
                }

                (Vector256.LoadUnsafe(ref s, (nuint)column) + a0 + b0).StoreUnsafe(ref s, (nuint)column);
                (Vector256.LoadUnsafe(ref s, (nuint)column + 8) + a1 + b1).StoreUnsafe(ref s, (nuint)column + 8);
            }
        }
    }
}
