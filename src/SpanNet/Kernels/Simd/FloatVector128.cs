using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpanNet.Kernels.Simd;

/// <summary>The 128-bit width: <see cref="Vector128{T}"/> of float.</summary>
internal readonly struct FloatVector128 : IFloatVector<FloatVector128>
{
    private readonly Vector128<float> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatVector128(Vector128<float> value) => _value = value;

    public static int Count => Vector128<float>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    public static FloatVector128 Zero => new(Vector128<float>.Zero);

    public static FloatVector128 One => new(Vector128<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 Create(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 Load(ref readonly float source, nuint index) => new(Vector128.LoadUnsafe(in source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatVector128 value, ref float destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 operator +(FloatVector128 left, FloatVector128 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 operator -(FloatVector128 left, FloatVector128 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 operator *(FloatVector128 left, FloatVector128 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 operator /(FloatVector128 left, FloatVector128 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 operator -(FloatVector128 value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 MultiplyAdd(FloatVector128 a, FloatVector128 b, FloatVector128 c) => new(Vector128.FusedMultiplyAdd(a._value, b._value, c._value));

    public static FloatVector128 MultiplyAddScalar(float a, FloatVector128 b, FloatVector128 c) => new(Vector128.FusedMultiplyAdd(Vector128.Create(a), b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 Max(FloatVector128 left, FloatVector128 right) => new(Vector128.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 Min(FloatVector128 left, FloatVector128 right) => new(Vector128.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 MaxNative(FloatVector128 left, FloatVector128 right) => new(Vector128.MaxNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 MinNative(FloatVector128 left, FloatVector128 right) => new(Vector128.MinNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 LanesFrom(int first) => new(Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(first)).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 Abs(FloatVector128 value) => new(Vector128.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 Sqrt(FloatVector128 value) => new(Vector128.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 GreaterThan(FloatVector128 left, FloatVector128 right) => new(Vector128.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 IsNaN(FloatVector128 value) => new(Vector128.IsNaN(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 Select(FloatVector128 mask, FloatVector128 whenTrue, FloatVector128 whenFalse) =>
        new(Vector128.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 PowerOfTwo(FloatVector128 n) =>
        new(Vector128.ShiftLeft(Vector128.ConvertToInt32(n._value) + Vector128.Create(127), 23).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector128 CopySign(FloatVector128 magnitude, FloatVector128 sign) => new(Vector128.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LaneBits(FloatVector128 mask) => Vector128.ExtractMostSignificantBits(mask._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(FloatVector128 value) => Vector128.Sum(value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(FloatVector128 value) => MathF.Max(MathF.Max(value._value.GetElement(0), value._value.GetElement(1)), MathF.Max(value._value.GetElement(2), value._value.GetElement(3)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(FloatVector128 value) =>
        (~Vector128.Equals(value._value, Vector128<float>.Zero)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pairs(ref readonly ushort source, nuint index, out FloatVector128 low, out FloatVector128 high)
    {
        Vector128<uint> lanes = Vector128.LoadUnsafe(in Unsafe.As<ushort, uint>(ref Unsafe.Add(ref Unsafe.AsRef(in source), index)));
        low = new(Vector128.ShiftLeft(lanes, 16).AsSingle());
        high = new((lanes & Vector128.Create(0xFFFF0000u)).AsSingle());
    }
}
