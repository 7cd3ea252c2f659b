namespace SpanNet.Kernels;

/// <summary>The sizes, operations and row strides of one <see cref="Gemm"/> call, checked at the public boundary.</summary>
internal readonly struct GemmShape(int m, int n, int k, MatrixOperation opA, MatrixOperation opB, int lda, int ldb, int ldc)
{
    public int M { get; } = m;

    public int N { get; } = n;

    public int K { get; } = k;

    public MatrixOperation OpA { get; } = opA;

    public MatrixOperation OpB { get; } = opB;

    /// <summary>Row stride of A as stored (before <see cref="OpA"/>).</summary>
    public int Lda { get; } = lda;

    /// <summary>Row stride of B as stored (before <see cref="OpB"/>).</summary>
    public int Ldb { get; } = ldb;

    /// <summary>Row stride of C.</summary>
    public int Ldc { get; } = ldc;
}
