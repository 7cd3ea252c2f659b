using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>
/// An element-wise function <c>w = f(x, y, s, t)</c> where <c>s</c> and <c>t</c> are two scalars broadcast to every
/// lane: the backward passes of the two-parameter activations.
/// </summary>
internal interface IScalarPairBinaryOperator
{
    static abstract TVec Invoke<TVec>(TVec x, TVec y, TVec first, TVec second)
        where TVec : struct, IFloatVector<TVec>;
}
