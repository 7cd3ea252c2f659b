namespace SpanNet.Kernels;

/// <summary>
/// The register and cache blocking of <see cref="Gemm"/>, sized for a core with a 32–48 KiB L1 and a 1 MiB L2.
/// </summary>
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

    /// <summary>KC: a KC × NR panel of B (32 KiB at NR = 32) stays in L1 across a row of micro-tiles.</summary>
    public const int Depth = 256;

    /// <summary>MC: an MC × KC block of A (128 KiB) stays in L2 while the micro-kernel sweeps the B block.</summary>
    public const int RowBlock = 128;

    /// <summary>NC: a KC × NC block of B (512 KiB) shares L2 with the A block.</summary>
    public const int ColumnBlock = 512;

    /// <summary>Products with at most this many rows stream B unpacked; packing it would cost more than using it.</summary>
    public const int DirectRowLimit = 4;

    /// <summary>Floats in a packed A block.</summary>
    public const int PackedALength = RowBlock * Depth;

    /// <summary>Floats in a packed B block.</summary>
    public const int PackedBLength = Depth * ColumnBlock;
}
