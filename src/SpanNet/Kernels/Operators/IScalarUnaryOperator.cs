using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>An element-wise function <c>y = f(x, s)</c> where <c>s</c> is one scalar broadcast to every lane.</summary>
internal interface IScalarUnaryOperator
{
    static abstract TVec Invoke<TVec>(TVec x, TVec scalar)
        where TVec : struct, IFloatVector<TVec>;
}
