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
/// A row x is quantized as unsigned bytes u with a zero point z: a row with no negative value (pixels, ReLU outputs)
/// takes all 256 levels, <c>sₓ = max x / 255</c>, z = 0; a row with negatives is symmetric,
/// <c>sₓ = max |x| / 127</c>, z = 128; u = z + round(x / sₓ) (to nearest, ties to even, computed as
/// <c>x · (255 / max)</c> or <c>x · (127 / max |x|)</c>), clamped to [0, 255]. An all-zero row has sₓ = 1, u = z.
/// </para>
/// <para>
/// The integer sums are the same on every <see cref="Int8Path"/> (integer addition is exact in any order), and the one
/// floating-point step after them is the same fused multiply-add everywhere, so every path gives the same bits. With
/// z = 0 a group of four zero inputs adds nothing and is skipped: an MNIST digit is mostly such groups.
/// </para>
/// </remarks>
internal static class Int8Affine
{
    /// <summary>Groups of four inputs gathered per pass of the vector paths: 1,024 inputs, 12 KiB of stack.</summary>
    private const int GroupChunk = 256;

    [ThreadStatic]
    private static Int8Path? t_forced;

    /// <summary>The fastest path this CPU has.</summary>
    public static Int8Path Fastest { get; } =
        AvxVnni.IsSupported ? Int8Path.Vnni256 : Avx2.IsSupported ? Int8Path.MultiplyAddAdjacent256 : Int8Path.Scalar;

    /// <summary>The path this thread's calls take: <see cref="Fastest"/> unless a test or benchmark forced another.</summary>
    public static Int8Path Current => t_forced ?? Fastest;

    /// <summary>The path forced on this thread, if any (<see cref="Simd.KernelVariants"/> forces it).</summary>
    internal static Int8Path? Forced => t_forced;

    /// <summary>Whether <paramref name="path"/> runs on this CPU.</summary>
    public static bool IsAvailable(Int8Path path) => path switch
    {
        Int8Path.Scalar => true,
        Int8Path.MultiplyAddAdjacent256 => Avx2.IsSupported,
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
        for (int j = 0; j < weights.Stride; j++)
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
        float largest = 0f, smallest = 0f;
        foreach (float value in x)
        {
            largest = Math.Max(largest, value);
            smallest = Math.Min(smallest, value);
        }

        bool signed = smallest < 0f;
        float magnitude = signed ? Math.Max(largest, -smallest) : largest;
        int zeroPoint = signed ? 128 : 0;
        if (magnitude == 0f)
        {
            quantized.Fill((byte)zeroPoint);
            return (1f, zeroPoint);
        }

        float levels = signed ? 127f : 255f;
        float inverse = levels / magnitude;
        for (int p = 0; p < x.Length; p++)
        {
            quantized[p] = (byte)Math.Clamp(zeroPoint + (int)MathF.Round(x[p] * inverse), 0, 255);
        }

        quantized[x.Length..].Fill((byte)zeroPoint);
        return (magnitude / levels, zeroPoint);
    }

    /// <summary><c>sums[j] = Σ_p u[p] · q[p, j]</c> for every j &lt; Stride, on <see cref="Current"/>'s path.</summary>
    internal static void DotProducts(ReadOnlySpan<byte> quantized, Int8Weights weights, int zeroPoint, Span<int> sums)
    {
        switch (Current)
        {
            case Int8Path.Vnni256: DotProductsVnni(quantized, weights, zeroPoint, sums); break;
            case Int8Path.MultiplyAddAdjacent256: DotProductsMultiplyAddAdjacent(quantized, weights, zeroPoint, sums); break;
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
    /// Per group, the group's four inputs widened to 16 bits once, (u0, u1, u2, u3) in one 64-bit word (no group is
    /// widened again per block of outputs); then per sixteen outputs, 64 bytes of weights sign-extended to 16 bits in
    /// four pieces and multiplied by the inputs in pairs (<c>vpmaddwd</c>), giving two partial sums per output that the
    /// end adds. All of a row's output blocks advance together, so each group's word is read from L1 once per block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotProductsMultiplyAddAdjacent(ReadOnlySpan<byte> quantized, Int8Weights weights, int zeroPoint, Span<int> sums)
    {
        ref byte x = ref MemoryMarshal.GetReference(quantized);
        ref sbyte w = ref MemoryMarshal.GetReference(weights.Values);
        ref int s = ref MemoryMarshal.GetReference(sums);
        int stride = weights.Stride, groups = weights.Groups;
        uint skippable = zeroPoint == 0 ? 0u : uint.MaxValue;   // with z = 0 an all-zero group adds nothing

        // The nonzero groups' indices and widened inputs, on the stack in chunks, so the column loop below runs over
        // them without a branch per group.
        Span<int> indices = stackalloc int[GroupChunk];
        Span<ulong> widened = stackalloc ulong[GroupChunk];
        sums[..stride].Clear();
        for (int start = 0; start < groups; start += GroupChunk)
        {
            int count = 0;
            for (int g = start; g < Math.Min(groups, start + GroupChunk); g++)
            {
                uint group = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, 4 * g));
                if (group != skippable)
                {
                    indices[count] = g;
                    widened[count++] = (group & 0xFFu) | ((ulong)((group >> 8) & 0xFF) << 16) | ((ulong)((group >> 16) & 0xFF) << 32) | ((ulong)(group >> 24) << 48);
                }
            }

            for (int column = 0; column < stride; column += 16)
            {
                Vector256<int> a0 = Vector256<int>.Zero, a1 = Vector256<int>.Zero, a2 = Vector256<int>.Zero, a3 = Vector256<int>.Zero;
                for (int i = 0; i < count; i++)
                {
                    Vector256<short> inputs = Vector256.Create(widened[i]).AsInt16();
                    ref sbyte block = ref Unsafe.Add(ref w, (((nint)indices[i] * stride) + column) * 4);
                    Vector256<sbyte> w01 = Vector256.LoadUnsafe(ref block);
                    Vector256<sbyte> w23 = Vector256.LoadUnsafe(ref block, 32);
                    a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w01.GetLower()), inputs));
                    a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w01.GetUpper()), inputs));
                    a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w23.GetLower()), inputs));
                    a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(w23.GetUpper()), inputs));
                }

                // a0 holds outputs 0–3 as (c0, c0, c1, c1, …) halves and a1 outputs 4–7: add the pairs, then put the
                // 64-bit pieces back in output order (the horizontal add works within each 128-bit half).
                Vector256<int> first = Avx2.Permute4x64(Avx2.HorizontalAdd(a0, a1).AsInt64(), 0b11_01_10_00).AsInt32();
                Vector256<int> second = Avx2.Permute4x64(Avx2.HorizontalAdd(a2, a3).AsInt64(), 0b11_01_10_00).AsInt32();
                (Vector256.LoadUnsafe(ref s, (nuint)column) + first).StoreUnsafe(ref s, (nuint)column);
                (Vector256.LoadUnsafe(ref s, (nuint)column + 8) + second).StoreUnsafe(ref s, (nuint)column + 8);
            }
        }
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
            int count = 0;
            for (int g = start; g < Math.Min(groups, start + GroupChunk); g++)
            {
                uint group = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, 4 * g));
                if (group != skippable)
                {
                    indices[count] = g;
                    packed[count++] = group;
                }
            }

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
