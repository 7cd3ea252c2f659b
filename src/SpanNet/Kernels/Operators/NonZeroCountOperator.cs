using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>Σ [x ≠ 0]</c>, counted per lane in float (exact while a lane counts below 2²⁴); y is ignored.</summary>
internal readonly struct NonZeroCountOperator : IAggregationOperator
{
    public static float Identity => 0f;

    public static TVec Accumulate<TVec>(TVec accumulator, TVec x, TVec y)
        where TVec : struct, IFloatVector<TVec>
        => accumulator + TVec.Select(VectorMath.NonZero(x), TVec.One, TVec.Zero);

    public static TVec Merge<TVec>(TVec left, TVec right)
        where TVec : struct, IFloatVector<TVec>
        => left + right;

    public static float Fold<TVec>(TVec accumulator)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Sum(accumulator);
}
