using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>
/// A reduction <c>acc = Accumulate(acc, x[i])</c> (or of <c>x[i], y[i]</c>) kept per lane, then folded across lanes.
/// </summary>
internal interface IAggregationOperator
{
    /// <summary>The value every lane starts from (0 for sums, −∞ for max).</summary>
    static abstract float Identity { get; }

    static abstract TVec Accumulate<TVec>(TVec accumulator, TVec x, TVec y)
        where TVec : struct, IFloatVector<TVec>;

    /// <summary>Combines two partial accumulators lane by lane.</summary>
    static abstract TVec Merge<TVec>(TVec left, TVec right)
        where TVec : struct, IFloatVector<TVec>;

    /// <summary>Folds the lanes of an accumulator into one float.</summary>
    static abstract float Fold<TVec>(TVec accumulator)
        where TVec : struct, IFloatVector<TVec>;
}
