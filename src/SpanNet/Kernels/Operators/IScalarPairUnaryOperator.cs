using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>
/// An element-wise function <c>y = f(x, s, t)</c> where <c>s</c> and <c>t</c> are two scalars broadcast to every lane
/// (softplus's β and threshold, a clip's bounds).
/// </summary>
internal interface IScalarPairUnaryOperator
{
    static abstract TVec Invoke<TVec>(TVec x, TVec first, TVec second)
        where TVec : struct, IFloatVector<TVec>;
}
