using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>
/// An element-wise function <c>w = f(x, y, s)</c> where <c>s</c> is one scalar broadcast to every lane
/// (the leaky-ReLU slope, for instance).
/// </summary>
internal interface IScalarBinaryOperator
{
    static abstract TVec Invoke<TVec>(TVec x, TVec y, TVec scalar)
        where TVec : struct, IFloatVector<TVec>;
}
