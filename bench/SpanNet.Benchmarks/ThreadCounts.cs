using System;
using System.Collections.Generic;

namespace SpanNet.Benchmarks;

/// <summary>The thread counts the parallel rows run at: 1, 2 and every core the process may use, without repeats.</summary>
public static class ThreadCounts
{
    public static IEnumerable<int> Counts => new SortedSet<int> { 1, 2, Environment.ProcessorCount };
}
