using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>An element-wise function <c>w = f(x, y, z)</c> of three spans, written once for every width.</summary>
internal interface ITernaryOperator
{
    static abstract TVec Invoke<TVec>(TVec x, TVec y, TVec z)
        where TVec : struct, IFloatVector<TVec>;
}
