using SpanNet.Threading;

namespace SpanNet.Networks;

/// <summary>
/// How a row-split training step cuts a batch into ranges of rows, one per thread: at multiples of
/// <see cref="Granularity"/> rows, so that every range of every layer starts on a whole number of 512-bit vectors
/// whatever the layer's width, and an element-wise kernel over a range meets each element in the same lane, and the
/// same tail, as over the whole batch.
/// </summary>
internal static class RowRanges
{
    /// <summary>Rows per unit of a split: 16 floats fill one 512-bit vector.</summary>
    public const int Granularity = 16;

    /// <summary>How many ranges a batch splits into on this thread: one per pool thread, each at least <see cref="Granularity"/> rows; 1 inside a <see cref="SerialScope"/>.</summary>
    public static int Parts(int batch) =>
        WorkerPool.SerialOnThisThread ? 1 : System.Math.Min(Parallelism.ThreadCount, batch / Granularity);

    /// <summary>The first row of range <paramref name="part"/> of <paramref name="parts"/> (range <paramref name="parts"/> starts at <paramref name="batch"/>).</summary>
    public static int Start(int batch, int part, int parts) =>
        part == parts ? batch : (int)((long)batch * part / parts / Granularity * Granularity);
}
