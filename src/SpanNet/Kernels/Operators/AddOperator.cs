using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels.Operators;

/// <summary><c>x + y</c>.</summary>
internal readonly struct AddOperator : IBinaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec y)
        where TVec : struct, IFloatVector<TVec>
        => x + y;
}
