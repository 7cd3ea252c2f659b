using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>(x − y) · s</c>: the gradient of squared error and of softmax-cross-entropy.</summary>
internal readonly struct ScaledDifferenceOperator : IScalarBinaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec y, TVec scalar)
        where TVec : struct, IFloatVector<TVec>
        => (x - y) * scalar;
}
