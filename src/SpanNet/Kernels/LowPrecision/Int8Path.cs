namespace SpanNet.Kernels.LowPrecision;

/// <summary>How <see cref="Int8Affine"/> forms its integer dot products; every path gives the same exact integers.</summary>
public enum Int8Path
{
    /// <summary>One multiply-add at a time in 32-bit integers: any CPU.</summary>
    Scalar,

    /// <summary>
    /// AVX2's <c>vpmaddubsw</c> then <c>vpmaddwd</c>: byte products summed in pairs into 16-bit lanes, then the pairs into
    /// 32-bit lanes, sixteen outputs at a time; for x86 CPUs without VNNI or AVX-512.
    /// </summary>
    MultiplyAddAdjacent256,

    /// <summary>
    /// AVX-512BW's <c>vpmaddubsw</c> then <c>vpmaddwd</c> on 512-bit vectors, every output of a pass (up to 128) in its
    /// own register while the input groups stream past once: for AVX-512 CPUs without a VNNI .NET exposes (Zen 4).
    /// </summary>
    MultiplyAddAdjacent512,

    /// <summary>
    /// AVX-VNNI's <c>vpdpbusd</c> (<c>AvxVnni.MultiplyWideningAndAdd</c>): four unsigned-by-signed byte products summed
    /// into each 32-bit lane in one instruction; Intel since Alder Lake and Sapphire Rapids, AMD since Zen 5.
    /// </summary>
    Vnni256,
}
