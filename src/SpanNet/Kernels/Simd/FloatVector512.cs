using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpanNet.Kernels.Simd;

/// <summary>The 512-bit width: <see cref="Vector512{T}"/> of float.</summary>
internal readonly struct FloatVector512 : IFloatVector<FloatVector512>
{
    private readonly Vector512<float> _value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FloatVector512(Vector512<float> value) => _value = value;

    public static int Count => Vector512<float>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static FloatVector512 Zero => new(Vector512<float>.Zero);

    public static FloatVector512 One => new(Vector512<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Create(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Load(ref readonly float source, nuint index) => new(Vector512.LoadUnsafe(in source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(FloatVector512 value, ref float destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator +(FloatVector512 left, FloatVector512 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator -(FloatVector512 left, FloatVector512 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator *(FloatVector512 left, FloatVector512 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator /(FloatVector512 left, FloatVector512 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 operator -(FloatVector512 value) => new(-value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 MultiplyAdd(FloatVector512 a, FloatVector512 b, FloatVector512 c) => new(Vector512.FusedMultiplyAdd(a._value, b._value, c._value));

    public static FloatVector512 MultiplyAddScalar(float a, FloatVector512 b, FloatVector512 c) => new(Vector512.FusedMultiplyAdd(Vector512.Create(a), b._value, c._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Max(FloatVector512 left, FloatVector512 right) => new(Vector512.Max(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Min(FloatVector512 left, FloatVector512 right) => new(Vector512.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 MaxNative(FloatVector512 left, FloatVector512 right) => new(Vector512.MaxNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 MinNative(FloatVector512 left, FloatVector512 right) => new(Vector512.MinNative(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 LanesFrom(int first) => new(Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(first)).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Abs(FloatVector512 value) => new(Vector512.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Sqrt(FloatVector512 value) => new(Vector512.Sqrt(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 GreaterThan(FloatVector512 left, FloatVector512 right) => new(Vector512.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 IsNaN(FloatVector512 value) => new(Vector512.IsNaN(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 Select(FloatVector512 mask, FloatVector512 whenTrue, FloatVector512 whenFalse) =>
        new(Vector512.ConditionalSelect(mask._value, whenTrue._value, whenFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 PowerOfTwo(FloatVector512 n) =>
        new(Vector512.ShiftLeft(Vector512.ConvertToInt32(n._value) + Vector512.Create(127), 23).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FloatVector512 CopySign(FloatVector512 magnitude, FloatVector512 sign) => new(Vector512.CopySign(magnitude._value, sign._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint LaneBits(FloatVector512 mask) => (uint)Vector512.ExtractMostSignificantBits(mask._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(FloatVector512 value) => Vector512.Sum(value._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(FloatVector512 value) => FloatVector256.MaxAcross(new(Vector256.Max(value._value.GetLower(), value._value.GetUpper())));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonZeroLanes(FloatVector512 value) =>
        (~Vector512.Equals(value._value, Vector512<float>.Zero)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadBFloat16Pairs(ref readonly ushort source, nuint index, out FloatVector512 low, out FloatVector512 high)
    {
        Vector512<uint> lanes = Vector512.LoadUnsafe(in Unsafe.As<ushort, uint>(ref Unsafe.Add(ref Unsafe.AsRef(in source), index)));
        low = new(Vector512.ShiftLeft(lanes, 16).AsSingle());
        high = new((lanes & Vector512.Create(0xFFFF0000u)).AsSingle());
    }
}
