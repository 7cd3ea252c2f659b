using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>max x</c> (y is ignored); NaN anywhere gives NaN.</summary>
internal readonly struct MaxOperator : IAggregationOperator
{
    public static float Identity => float.NegativeInfinity;

    public static TVec Accumulate<TVec>(TVec accumulator, TVec x, TVec y)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Max(accumulator, x);

    public static TVec Merge<TVec>(TVec left, TVec right)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Max(left, right);

    public static float Fold<TVec>(TVec accumulator)
        where TVec : struct, IFloatVector<TVec>
        => TVec.MaxAcross(accumulator);
}
