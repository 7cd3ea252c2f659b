using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>x − s</c>.</summary>
internal readonly struct SubtractScalarOperator : IScalarUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec scalar)
        where TVec : struct, IFloatVector<TVec>
        => x - scalar;
}
