using System;
using System.Runtime.CompilerServices;

namespace SpanNet.Kernels.Simd;

/// <summary>
/// One lane: the scalar tail of every kernel and the whole kernel when no SIMD width is accelerated.
/// Its arithmetic mirrors the vector widths (fused multiply-add, the same select and exponent tricks), so a tail
/// element gets the same formula as the body.
/// </summary>
internal readonly struct FloatScalar : IFloatVector<FloatScalar>
{
    private const int AllBits = -1;

    private readonly float _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatScalar(float value) => _value = value;

    public static int Count => 1;

    public static bool IsHardwareAccelerated => true;

    public static FloatScalar Zero => new(0f);

    public static FloatScalar One => new(1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar Create(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar Load(ref readonly float source, nuint index) => new(Unsafe.Add(ref Unsafe.AsRef(in source), index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatScalar value, ref float destination, nuint index) => Unsafe.Add(ref destination, index) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar operator +(FloatScalar left, FloatScalar right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar operator -(FloatScalar left, FloatScalar right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar operator *(FloatScalar left, FloatScalar right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar operator /(FloatScalar left, FloatScalar right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar operator -(FloatScalar value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar MultiplyAdd(FloatScalar a, FloatScalar b, FloatScalar c) => new(MathF.FusedMultiplyAdd(a._value, b._value, c._value));

    public static FloatScalar MultiplyAddScalar(float a, FloatScalar b, FloatScalar c) => new(MathF.FusedMultiplyAdd(a, b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar Max(FloatScalar left, FloatScalar right) => new(MathF.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar Min(FloatScalar left, FloatScalar right) => new(MathF.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar MaxNative(FloatScalar left, FloatScalar right) => new(MathF.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar MinNative(FloatScalar left, FloatScalar right) => new(MathF.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar LanesFrom(int first) => Mask(first <= 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar Abs(FloatScalar value) => new(MathF.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar Sqrt(FloatScalar value) => new(MathF.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar GreaterThan(FloatScalar left, FloatScalar right) => Mask(left._value > right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar IsNaN(FloatScalar value) => Mask(float.IsNaN(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar Select(FloatScalar mask, FloatScalar whenTrue, FloatScalar whenFalse) =>
        BitConverter.SingleToInt32Bits(mask._value) != 0 ? whenTrue : whenFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar PowerOfTwo(FloatScalar n) => new(BitConverter.Int32BitsToSingle(((int)n._value + 127) << 23));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatScalar CopySign(FloatScalar magnitude, FloatScalar sign) => new(MathF.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LaneBits(FloatScalar mask) => BitConverter.SingleToUInt32Bits(mask._value) >> 31;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(FloatScalar value) => value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(FloatScalar value) => value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(FloatScalar value) => value._value != 0f ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FloatScalar Mask(bool condition) => new(BitConverter.Int32BitsToSingle(condition ? AllBits : 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pairs(ref readonly ushort source, nuint index, out FloatScalar low, out FloatScalar high)
    {
        uint lane = Unsafe.ReadUnaligned<uint>(in Unsafe.As<ushort, byte>(ref Unsafe.Add(ref Unsafe.AsRef(in source), index)));
        low = new(BitConverter.UInt32BitsToSingle(lane << 16));
        high = new(BitConverter.UInt32BitsToSingle(lane & 0xFFFF0000u));
    }
}
