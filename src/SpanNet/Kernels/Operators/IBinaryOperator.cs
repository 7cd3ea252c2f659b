using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>An element-wise function <c>z = f(x, y)</c>, written once for every width.</summary>
internal interface IBinaryOperator
{
    static abstract TVec Invoke<TVec>(TVec x, TVec y)
        where TVec : struct, IFloatVector<TVec>;
}
