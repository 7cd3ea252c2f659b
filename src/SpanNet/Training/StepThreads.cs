using SpanNet.Networks;
using SpanNet.Threading;

namespace SpanNet.Training;

/// <summary>
/// Whether a training step is big enough to split over the worker pool at all. Each kernel has its own split
/// threshold, but on a small batch a step's regions together lose: measured at batch 32 on Zen 4, two threads made
/// the products 2–4 µs faster each and the gather, the gradient clear and the update (whose halves must then pull the
/// other core's half of the gradients) 6–14 µs slower each, so the step went from 99 µs on one thread to 168 µs on
/// two (docs/ARCHITECTURE.md, "Where a two-thread step loses its time"; issue #19 saw 100 → 140 µs on Zen 5), while
/// batch 100 gained 1.3×. The row-split step (<see cref="Network.SplitsByRows"/>) opens fewer regions, and its best
/// batch-32 steps on two threads beat one thread's (72 against 88–91 µs), but its median steps did not on the
/// contended host it was measured on (82–113 against 99–102 µs), so it keeps the same threshold. Below the threshold
/// the whole step, gather included, runs on the caller's thread; the bits are the same either way.
/// </summary>
internal static class StepThreads
{
    /// <summary>
    /// The fewest dense-equivalent multiply-adds of one forward pass (batch × parameters) worth splitting a step for:
    /// between MNIST's batch 32 (2.5 M, a loss on two threads on Zen 4 and Zen 5) and batch 100 (7.9 M, a gain).
    /// </summary>
    public const long MinMultiplyAdds = 1L << 22;

    /// <summary>Whether a step of <paramref name="batch"/> samples is too small to split: then it runs in a <see cref="SerialScope"/>.</summary>
    public static bool TooSmallToSplit(Network network, int batch) => (long)batch * network.Parameters.Length < MinMultiplyAdds;
}
