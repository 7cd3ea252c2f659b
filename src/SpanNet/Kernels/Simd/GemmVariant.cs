namespace SpanNet.Kernels.Simd;

/// <summary>Which loop <see cref="Gemm"/> runs for a product whose B is used as stored.</summary>
internal enum GemmVariant
{
    /// <summary>
    /// The size rule: direct (B streamed unpacked) for at most <c>GemmBlocking.DirectRowLimit</c> rows, else the
    /// packed loop nest, with B read as stored where <c>Gemm.ReadsBInPlace</c> says packing it would not pay.
    /// </summary>
    Rule,

    /// <summary>Always direct when B is used as stored (a transposed B is always packed).</summary>
    Direct,

    /// <summary>Always the packed Goto/BLIS loop nest, A and B both packed.</summary>
    Packed,

    /// <summary>
    /// Always the packed loop nest with only A packed: B's micro-panels are read where B is stored (when B is used as
    /// stored and has at least one full micro-panel of columns; else B is packed too).
    /// </summary>
    PackedAOnly,
}
