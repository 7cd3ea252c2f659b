namespace SpanNet.Kernels.LowPrecision;

/// <summary>How <see cref="Int8Affine"/> forms its integer dot products; every path gives the same exact integers.</summary>
public enum Int8Path
{
    /// <summary>One multiply-add at a time in 32-bit integers: any CPU.</summary>
    Scalar,

    /// <summary>
    /// AVX2's <c>vpmaddwd</c>: bytes widened to 16 bits, pairs multiplied and summed into 32-bit lanes, two inputs per
    /// instruction and lane; for x86 CPUs without VNNI (Zen 2–4 under .NET 10, which exposes no AVX-512 VNNI).
    /// </summary>
    MultiplyAddAdjacent256,

    /// <summary>
    /// AVX-VNNI's <c>vpdpbusd</c> (<c>AvxVnni.MultiplyWideningAndAdd</c>): four unsigned-by-signed byte products summed
    /// into each 32-bit lane in one instruction; Intel since Alder Lake and Sapphire Rapids, AMD since Zen 5.
    /// </summary>
    Vnni256,
}
