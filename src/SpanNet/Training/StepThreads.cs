using SpanNet.Networks;
using SpanNet.Threading;

namespace SpanNet.Training;

/// <summary>
/// Whether a training step is big enough to split over the worker pool at all. Each kernel has its own split
/// threshold, but a step is more than its kernels: split, its products and update leave each core with half of the
/// weights, gradients and batch rows the other core needs next, and on a small batch pulling them across costs more
/// than the split saves. Measured (docs/ARCHITECTURE.md, "Where a two-thread step loses its time"): the MNIST step at
/// batch 32 took 99 µs on one thread and 168 µs on two on Zen 4 (issue #19 saw 100 → 140 µs on Zen 5), while batch 100
/// gained 1.3×. Below the threshold the whole step, gather included, runs on the caller's thread; the bits are the
/// same either way.
/// </summary>
internal static class StepThreads
{
    /// <summary>
    /// The fewest dense-equivalent multiply-adds of one forward pass (batch × parameters) worth splitting a step for:
    /// between MNIST's batch 32 (2.5 M, a loss on two threads on Zen 4 and Zen 5) and batch 100 (7.9 M, a gain).
    /// </summary>
    public const long MinMultiplyAdds = 1L << 22;

    /// <summary>A scope that keeps a step of <paramref name="batch"/> samples on the caller's thread when it is too small to split.</summary>
    public static SerialScope For(Network network, int batch) => new((long)batch * network.Parameters.Length < MinMultiplyAdds);
}
