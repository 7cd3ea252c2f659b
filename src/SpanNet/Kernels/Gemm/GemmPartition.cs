using System;
using SpanNet.Threading;

namespace SpanNet.Kernels;

/// <summary>
/// How a packed product is split between threads: into a grid of blocks of C, cut at micro-tile boundaries. The split
/// changes only who computes an element, never how (see <see cref="Gemm"/>'s packed loop nest), so any grid gives
/// the same bits; the grid is chosen for speed alone.
/// </summary>
internal static class GemmPartition
{
    /// <summary>
    /// The least work worth a thread of its own: 2¹⁷ multiply-adds, a few microseconds even at a 512-bit FMA per cycle,
    /// against well under a microsecond to hand a part to a spinning worker.
    /// </summary>
    public const long MinMultiplyAddsPerPart = 1L << 17;

    /// <summary>
    /// The cost of packing one float of A or B, in multiply-adds: a load, a store and a share of a transpose against
    /// a sixteenth of a vector FMA. Only steers the grid's shape.
    /// </summary>
    private const int PackingCost = 2;

    /// <summary>How many parts a packed product of <paramref name="shape"/> splits into with <paramref name="threads"/> threads.</summary>
    public static int Parts(in GemmShape shape, int columnsPerTile, int threads)
    {
        long work = (long)shape.M * shape.N * shape.K;
        long byWork = work / MinMultiplyAddsPerPart;
        long tiles = (long)Tiles(shape.M, GemmBlocking.Rows) * Tiles(shape.N, columnsPerTile);
        return (int)Math.Max(1, Math.Min(threads, Math.Min(byWork, tiles)));
    }

    /// <summary>The block of C that part <paramref name="part"/> of <paramref name="parts"/> computes, for micro-tiles <paramref name="columnsPerTile"/> wide.</summary>
    public static GemmBlock Block(in GemmShape shape, int columnsPerTile, int part, int parts)
    {
        (int rowParts, int columnParts) = Grid(shape.M, shape.N, columnsPerTile, parts);
        int rowPart = part / columnParts, columnPart = part % columnParts;
        (int rowStart, int rowEnd) = PartRange.Of(shape.M, GemmBlocking.Rows, rowPart, rowParts);
        (int columnStart, int columnEnd) = PartRange.Of(shape.N, columnsPerTile, columnPart, columnParts);
        return new GemmBlock(rowStart, rowEnd, columnStart, columnEnd);
    }

    /// <summary>
    /// The rows × columns factoring of <paramref name="parts"/> whose largest block costs least: its multiply-adds
    /// plus the packing each thread repeats (its rows of A once per column block, its columns of B once).
    /// </summary>
    private static (int Rows, int Columns) Grid(int m, int n, int columnsPerTile, int parts)
    {
        (int Rows, int Columns) best = (parts, 1);
        long bestCost = long.MaxValue;
        for (int rowParts = 1; rowParts <= parts; rowParts++)
        {
            if (parts % rowParts != 0)
            {
                continue;
            }

            int columnParts = parts / rowParts;
            if (rowParts > Tiles(m, GemmBlocking.Rows) || columnParts > Tiles(n, columnsPerTile))
            {
                continue;
            }

            long rows = Math.Min(m, (long)Tiles(Tiles(m, GemmBlocking.Rows), rowParts) * GemmBlocking.Rows);
            long columns = Math.Min(n, (long)Tiles(Tiles(n, columnsPerTile), columnParts) * columnsPerTile);
            long columnBlocks = Tiles((int)columns, GemmBlocking.ColumnBlock);
            long cost = (rows * columns) + (PackingCost * ((rows * columnBlocks) + columns));
            if (cost < bestCost)
            {
                bestCost = cost;
                best = (rowParts, columnParts);
            }
        }

        return best;
    }

    private static int Tiles(int length, int unit) => (length + unit - 1) / unit;
}
