using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpanNet.Kernels.Simd;

/// <summary>The 256-bit width: <see cref="Vector256{T}"/> of float.</summary>
internal readonly struct FloatVector256 : IFloatVector<FloatVector256>
{
    private readonly Vector256<float> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatVector256(Vector256<float> value) => _value = value;

    public static int Count => Vector256<float>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    public static FloatVector256 Zero => new(Vector256<float>.Zero);

    public static FloatVector256 One => new(Vector256<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 Create(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 Load(ref readonly float source, nuint index) => new(Vector256.LoadUnsafe(in source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatVector256 value, ref float destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 operator +(FloatVector256 left, FloatVector256 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 operator -(FloatVector256 left, FloatVector256 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 operator *(FloatVector256 left, FloatVector256 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 operator /(FloatVector256 left, FloatVector256 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 operator -(FloatVector256 value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 MultiplyAdd(FloatVector256 a, FloatVector256 b, FloatVector256 c) => new(Vector256.FusedMultiplyAdd(a._value, b._value, c._value));

    public static FloatVector256 MultiplyAddScalar(float a, FloatVector256 b, FloatVector256 c) => new(Vector256.FusedMultiplyAdd(Vector256.Create(a), b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 Max(FloatVector256 left, FloatVector256 right) => new(Vector256.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 Min(FloatVector256 left, FloatVector256 right) => new(Vector256.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 MaxNative(FloatVector256 left, FloatVector256 right) => new(Vector256.MaxNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 MinNative(FloatVector256 left, FloatVector256 right) => new(Vector256.MinNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 LanesFrom(int first) => new(Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(first)).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 Abs(FloatVector256 value) => new(Vector256.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 Sqrt(FloatVector256 value) => new(Vector256.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 GreaterThan(FloatVector256 left, FloatVector256 right) => new(Vector256.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 IsNaN(FloatVector256 value) => new(Vector256.IsNaN(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 Select(FloatVector256 mask, FloatVector256 whenTrue, FloatVector256 whenFalse) =>
        new(Vector256.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 PowerOfTwo(FloatVector256 n) =>
        new(Vector256.ShiftLeft(Vector256.ConvertToInt32(n._value) + Vector256.Create(127), 23).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector256 CopySign(FloatVector256 magnitude, FloatVector256 sign) => new(Vector256.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LaneBits(FloatVector256 mask) => Vector256.ExtractMostSignificantBits(mask._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(FloatVector256 value) => Vector256.Sum(value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(FloatVector256 value) => FloatVector128.MaxAcross(new(Vector128.Max(value._value.GetLower(), value._value.GetUpper())));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(FloatVector256 value) =>
        (~Vector256.Equals(value._value, Vector256<float>.Zero)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pairs(ref readonly ushort source, nuint index, out FloatVector256 low, out FloatVector256 high)
    {
        Vector256<uint> lanes = Vector256.LoadUnsafe(in Unsafe.As<ushort, uint>(ref Unsafe.Add(ref Unsafe.AsRef(in source), index)));
        low = new(Vector256.ShiftLeft(lanes, 16).AsSingle());
        high = new((lanes & Vector256.Create(0xFFFF0000u)).AsSingle());
    }
}
