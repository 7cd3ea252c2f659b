using SpanNet.Networks;
using SpanNet.Threading;

namespace SpanNet.Training;

/// <summary>
/// Whether a training step is big enough to split over the worker pool at all. Each kernel has its own split
/// threshold, but on a small batch a step's regions together lose: measured at batch 32 on Zen 4, a layer-by-layer
/// step on two threads made the products 2–4 µs faster each and the gather, the gradient clear and the update (whose
/// halves must then pull the other core's half of the gradients) 6–14 µs slower each, so the step went from 99 µs on
/// one thread to 168 µs on two (docs/ARCHITECTURE.md, "Where a two-thread step loses its time"; issue #19 saw
/// 100 → 140 µs on Zen 5). A network whose layers split by rows (<see cref="Network.SplitsByRows"/>) runs each pass's
/// row-local work in one region instead of leaving it serial between the products' regions, and pays at half that
/// size: MNIST's batch-32 step went from 90–93 µs on one thread to 70–71 µs on two (best of 3,000 steps). Below the
/// threshold the whole step, gather included, runs on the caller's thread; the bits are the same either way.
/// </summary>
internal static class StepThreads
{
    /// <summary>
    /// The fewest dense-equivalent multiply-adds of one forward pass (batch × parameters) worth splitting a
    /// layer-by-layer step for: between MNIST's batch 32 (2.5 M, a loss on two threads on Zen 4 and Zen 5) and batch
    /// 100 (7.9 M, a gain).
    /// </summary>
    public const long MinMultiplyAdds = 1L << 22;

    /// <summary>
    /// The same for a network that splits by rows: below MNIST's batch 32 (2.5 M, a gain), above a small table's
    /// step (13-64-32-3 at batch 100: 0.3 M, whose whole step takes about 40 µs, a few regions' cost).
    /// </summary>
    public const long MinMultiplyAddsByRows = 1L << 21;

    /// <summary>Whether a step of <paramref name="batch"/> samples is too small to split: then it runs in a <see cref="SerialScope"/>.</summary>
    public static bool TooSmallToSplit(Network network, int batch) =>
        (long)batch * network.Parameters.Length < (network.SplitsByRows ? MinMultiplyAddsByRows : MinMultiplyAdds);
}
