namespace SpanNet.Kernels;

/// <summary>What <see cref="Gemm"/> does to an operand before multiplying: use it as stored, or its transpose.</summary>
public enum MatrixOperation
{
    /// <summary><c>op(X) = X</c>.</summary>
    Identity,

    /// <summary><c>op(X) = Xᵀ</c>.</summary>
    Transpose,
}
