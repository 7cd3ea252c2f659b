using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>Σ x·y</c>.</summary>
internal readonly struct DotOperator : IAggregationOperator
{
    public static float Identity => 0f;

    public static TVec Accumulate<TVec>(TVec accumulator, TVec x, TVec y)
        where TVec : struct, IFloatVector<TVec>
        => TVec.MultiplyAdd(x, y, accumulator);

    public static TVec Merge<TVec>(TVec left, TVec right)
        where TVec : struct, IFloatVector<TVec>
        => left + right;

    public static float Fold<TVec>(TVec accumulator)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Sum(accumulator);
}
