namespace SpanNet.Kernels;

/// <summary>
/// The register and cache blocking of <see cref="Gemm"/>, sized for a core with a 32–48 KiB L1 and a 1–2 MiB L2.
/// </summary>
/// <remarks>
/// <para>
/// The loop nest (<c>Gemm.MultiplyPacked</c>) keeps one MR × KC micro-panel of A in L1 and sweeps it across the whole
/// KC × NC block of B, which stays in L2: each micro-kernel step reads 128 bytes of B from L2 per sixteen 512-bit FMAs.
/// The same sizes hold on the CPUs this has met: Zen 4 (32 KiB L1d, 1 MiB L2, one 512-bit FMA per cycle), Zen 5
/// (48 KiB L1d, 1 MiB L2, two) and Sapphire Rapids (48 KiB L1d, 2 MiB L2, two). Two FMAs per cycle double the L2
/// bandwidth the B stream needs, to 16 bytes a cycle, still a quarter of what those L2s deliver to L1; the 8 KiB
/// A micro-panel fits any of the L1s with the B lines passing through. The B block is half of a 1 MiB L2 so that C's
/// rows and the next A panels pass through the other half without evicting it.
/// </para>
/// <para>
/// Measured on Zen 4 (issue #19), one thread, against OpenBLAS in the same process: KC 192 / 256 / 384 and NC 256 / 512
/// all landed within the machine's noise at 256 × 784 × 256, 512³ and 1024³; 256 × 512 keeps the fewest passes over C.
/// </para>
/// </remarks>
internal static class GemmBlocking
{
    /// <summary>
    /// Rows of C per micro-tile (MR). With two vectors of columns that is 16 accumulators, plus two B vectors and one
    /// broadcast: 19 of the 32 vector registers AVX-512 has, leaving the JIT room not to spill.
    /// </summary>
    public const int Rows = 8;

    /// <summary>Vectors of columns per micro-tile; NR = this × the vector width.</summary>
    public const int ColumnVectors = 2;

    /// <summary>The widest NR of any width (two <c>Vector512</c> of float).</summary>
    public const int MaxColumns = ColumnVectors * 16;

    /// <summary>KC: an MR × KC micro-panel of A (8 KiB) stays in L1 while the micro-kernel sweeps a row of tiles.</summary>
    public const int Depth = 256;

    /// <summary>MC: the rows of A packed at once (an MC × KC block, 128 KiB); each is read once per B block.</summary>
    public const int RowBlock = 128;

    /// <summary>NC: a KC × NC block of B (512 KiB) stays in L2 while every micro-panel of A sweeps it.</summary>
    public const int ColumnBlock = 512;

    /// <summary>Products with at most this many rows stream B unpacked; packing it would cost more than using it.</summary>
    public const int DirectRowLimit = 4;

    /// <summary>Floats in a packed A block.</summary>
    public const int PackedALength = RowBlock * Depth;

    /// <summary>Floats in a packed B block.</summary>
    public const int PackedBLength = Depth * ColumnBlock;

    /// <summary>
    /// Whether the packed loop nest should read B's micro-panels where B is stored rather than pack them (B used as
    /// stored): when there are at most <see cref="RowBlock"/> rows and B's rows are no longer than a B block's.
    /// </summary>
    /// <remarks>
    /// Packing B costs about a load and a store per element, paid once per call, while the product spends M / 16 FMAs
    /// per element of B: at 32 rows the copy was a sixth of the call (32 × 784 × 100 rose from 74 % to 87 % of the FMA
    /// peak read in place, 100 × 784 × 100 from 82 % to 86 %). At a few hundred rows the copy is paid back, and B's rows
    /// read in place cost TLB misses instead (kc rows, up to one page each): 512³ and 1024³ lost 5–15 % in place. A row
    /// no longer than <see cref="ColumnBlock"/> also makes a depth block of B one contiguous run of memory, which no
    /// cache set can alias.
    /// </remarks>
    public static bool ReadsBInPlace(in GemmShape shape) => shape.M <= RowBlock && shape.Ldb <= ColumnBlock;
}
