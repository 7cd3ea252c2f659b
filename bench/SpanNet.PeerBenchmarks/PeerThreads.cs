using System.Collections.Generic;
using SpanNet.Benchmarks;
using SpanNet.Threading;
using TorchSharp;

namespace SpanNet.PeerBenchmarks;

/// <summary>The thread counts a comparison runs at, each given to SpanNet and libtorch alike.</summary>
public static class PeerThreads
{
    /// <summary>1, 2 and every core the process may use, in order and without repeats: one row per count.</summary>
    public static IEnumerable<int> Counts => ThreadCounts.Counts;

    /// <summary>
    /// Gives SpanNet's worker pool and libtorch's intra-op pool <paramref name="threads"/> threads each, the caller's
    /// included. libtorch's inter-op pool is left alone: eager CPU forward and backward never use it, and it can only
    /// be sized before torch's first parallel work, which an in-process run of several cases has long passed.
    /// </summary>
    public static void Use(int threads)
    {
        Parallelism.ThreadCount = threads;
        torch.set_num_threads(threads);
    }
}
