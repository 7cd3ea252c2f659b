using System;
using SpanNet.Threading;

namespace SpanNet.Tests.Threading;

/// <summary>Sets the thread count for a test and puts the previous one back.</summary>
internal sealed class ThreadCountScope : IDisposable
{
    /// <summary>The counts the determinism and allocation tests run at: one, the two cores here, an odd split, and more threads than cores.</summary>
    public static readonly int[] Counts = [1, 2, 3, 8];

    private readonly int _previous;

    public ThreadCountScope(int threads)
    {
        _previous = Parallelism.ThreadCount;
        Parallelism.ThreadCount = threads;
    }

    /// <summary>Parallel jobs the current pool has handed to its workers so far.</summary>
    public static long ParallelJobs => Parallelism.Pool.ParallelJobs;

    public void Dispose() => Parallelism.ThreadCount = _previous;
}
