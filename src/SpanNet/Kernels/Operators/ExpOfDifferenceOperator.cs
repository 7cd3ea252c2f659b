using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>e^(x − s)</c>: softmax's numerator with the row maximum <c>s</c> subtracted so it cannot overflow.</summary>
internal readonly struct ExpOfDifferenceOperator : IScalarUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec scalar)
        where TVec : struct, IFloatVector<TVec>
        => VectorMath.Exp(x - scalar);
}
