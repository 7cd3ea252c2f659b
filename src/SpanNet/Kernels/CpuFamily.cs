namespace SpanNet.Kernels;

/// <summary>
/// The processor families whose kernel choices SpanNet records separately (<see cref="SparseProductRule"/>): they
/// differ in what is fast — how many 512-bit FMAs a cycle, how wide the loads — so a choice measured on one is not
/// assumed on another.
/// </summary>
internal enum CpuFamily
{
    /// <summary>Anything not listed below: the conservative choices.</summary>
    Other,

    /// <summary>AMD Zen 4 (family 19h, models 10h–1Fh and 60h–AFh): one 512-bit FMA a cycle, as two 256-bit halves.</summary>
    AmdZen4,

    /// <summary>AMD Zen 5 (family 1Ah): two full 512-bit FMA pipes.</summary>
    AmdZen5,

    /// <summary>Intel Xeon Sapphire Rapids and Emerald Rapids (family 6, models 8Fh and CFh): two 512-bit FMA ports.</summary>
    IntelSapphireRapids,
}
