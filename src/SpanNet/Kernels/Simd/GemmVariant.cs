namespace SpanNet.Kernels.Simd;

/// <summary>Which loop <see cref="Gemm"/> runs for a product whose B is used as stored.</summary>
internal enum GemmVariant
{
    /// <summary>The size rule: direct (B streamed unpacked) for at most <c>GemmBlocking.DirectRowLimit</c> rows, else packed.</summary>
    Rule,

    /// <summary>Always direct when B is used as stored (a transposed B is always packed).</summary>
    Direct,

    /// <summary>Always the packed Goto/BLIS loop nest.</summary>
    Packed,
}
