using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>s · t / max(p, floor)</c> with <c>s = −1/rows</c>: the gradient of cross-entropy on probabilities.</summary>
internal readonly struct CrossEntropyGradientOperator : IScalarBinaryOperator
{
    public static TVec Invoke<TVec>(TVec p, TVec t, TVec scalar)
        where TVec : struct, IFloatVector<TVec>
        => t * scalar / TVec.Max(p, TVec.Create(Losses.ProbabilityFloor));
}
