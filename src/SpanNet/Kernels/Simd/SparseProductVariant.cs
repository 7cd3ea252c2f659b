namespace SpanNet.Kernels.Simd;

/// <summary>Which product a dense layer reading the network's input takes (see <see cref="SparseProductRule"/>).</summary>
internal enum SparseProductVariant
{
    /// <summary>The family's rule: zero-skipping at or below its density thresholds.</summary>
    Rule,

    /// <summary>Always the blocked GEMM.</summary>
    Dense,

    /// <summary>Always the zero-skipping product.</summary>
    ZeroSkipping,
}
