using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary>An element-wise function <c>y = f(x)</c>, written once for every width.</summary>
internal interface IUnaryOperator
{
    static abstract TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>;
}
