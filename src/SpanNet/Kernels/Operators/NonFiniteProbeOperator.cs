using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>Σ (x − x)</c>: 0 when every x is finite, NaN when any is NaN or ±∞.</summary>
internal readonly struct NonFiniteProbeOperator : IAggregationOperator
{
    public static float Identity => 0f;

    public static TVec Accumulate<TVec>(TVec accumulator, TVec x, TVec y)
        where TVec : struct, IFloatVector<TVec>
        => accumulator + (x - x);

    public static TVec Merge<TVec>(TVec left, TVec right)
        where TVec : struct, IFloatVector<TVec>
        => left + right;

    public static float Fold<TVec>(TVec accumulator)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Sum(accumulator);
}
