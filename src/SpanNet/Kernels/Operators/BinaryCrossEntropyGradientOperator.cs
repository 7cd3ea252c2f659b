using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>s · (p − t) / (p(1 − p))</c>, p clamped to [floor, 1 − floor]: the gradient of binary cross-entropy.</summary>
internal readonly struct BinaryCrossEntropyGradientOperator : IScalarBinaryOperator
{
    public static TVec Invoke<TVec>(TVec p, TVec t, TVec scalar)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec clamped = TVec.Min(TVec.Max(p, TVec.Create(Losses.ProbabilityFloor)), TVec.Create(1f - Losses.ProbabilityFloor));
        return (clamped - t) * scalar / (clamped * (TVec.One - clamped));
    }
}
