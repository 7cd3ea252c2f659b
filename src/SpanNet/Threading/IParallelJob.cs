namespace SpanNet.Threading;

/// <summary>
/// Work the <see cref="WorkerPool"/> splits into numbered parts. An implementation is an unmanaged struct living in
/// its caller's stack frame (pointers to pinned data, sizes), so handing it to the workers allocates nothing.
/// </summary>
internal interface IParallelJob
{
    /// <summary>
    /// Does part <paramref name="part"/> of <paramref name="parts"/>. Parts must write disjoint outputs, and what a
    /// part writes must not depend on which thread runs it or on how many parts there are: that is what keeps results
    /// bit-identical at every thread count.
    /// </summary>
    void Execute(int part, int parts);
}
