using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SpanNet.Threading;

/// <summary>
/// A fixed set of worker threads that run the parts of one <see cref="IParallelJob"/> at a time beside the calling
/// thread, which always runs part 0 itself. Made once per thread count; handing work over allocates nothing.
/// </summary>
/// <remarks>
/// <para>
/// The caller publishes a job as a pointer to its stack struct plus a function pointer that runs one part of that
/// struct's type, then bumps a ticket that carries a generation and a part count in one 64-bit word, so a worker that
/// reads the ticket knows at once whether it has a part. Workers spin for <see cref="SpinMicroseconds"/> after their
/// last part (a training step issues products back to back, and waking a parked thread costs tens of microseconds),
/// then park on a monitor, so an idle process burns nothing — the complaint ONNX Runtime's users make of its default
/// spinning.
/// </para>
/// <para>
/// One job runs at a time. A call that finds the pool busy (another thread's job, or a call made from inside a part)
/// runs all its parts on its own thread, which gives the same bits, because parts never depend on who runs them.
/// </para>
/// </remarks>
internal sealed unsafe class WorkerPool
{
    /// <summary>How long a worker spins for new work before it parks.</summary>
    public const int SpinMicroseconds = 100;

    private static readonly long s_spinTicks = Math.Max(1, SpinMicroseconds * Stopwatch.Frequency / 1_000_000);

    /// <summary>Set on the pool's own threads: a call made from inside a part runs inline.</summary>
    [ThreadStatic]
    private static bool t_isWorker;

    /// <summary>Set inside a <see cref="SerialScope"/>: this thread's jobs run inline.</summary>
    [ThreadStatic]
    private static bool t_serial;

    /// <summary>Longs between workers' allocation counters: one 64-byte cache line each, so their writes never share one.</summary>
    private const int CounterStride = 8;

    private readonly Thread[] _workers;

    // What each worker's thread had allocated when it finished its last part, for the allocation tests.
    private readonly long[] _workerAllocatedBytes;
    private readonly object _parkGate = new();

    // The published job: written by the caller before the ticket, read by workers after it.
    private void* _job;
    private delegate*<void*, int, int, void> _runPart;

    // Generation in the high 32 bits, part count in the low 32.
    private long _ticket;
    private int _remaining;
    private int _sleepers;
    private int _busy;
    private volatile bool _stopping;
    private Exception? _failure;

    public WorkerPool(int threadCount)
    {
        ThreadCount = threadCount;
        _workers = new Thread[threadCount - 1];
        _workerAllocatedBytes = new long[threadCount * CounterStride];
        for (int i = 0; i < _workers.Length; i++)
        {
            int index = i + 1;
            _workers[i] = new Thread(() => WorkerLoop(index))
            {
                IsBackground = true,
                Name = $"SpanNet worker {index}",
            };
            _workers[i].Start();
        }
    }

    /// <summary>Whether jobs started on this thread run all their parts inline (set by <see cref="SerialScope"/>).</summary>
    internal static bool SerialOnThisThread
    {
        get => t_serial;
        set => t_serial = value;
    }

    /// <summary>Threads that run parts, the caller's included.</summary>
    public int ThreadCount { get; }

    /// <summary>Workers parked on the monitor right now, using no CPU.</summary>
    public int ParkedWorkers => Volatile.Read(ref _sleepers);

    /// <summary>
    /// Bytes the worker threads had allocated, in all, when each finished its last part. The tests' allocation
    /// counts add it to the calling thread's, since <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees only
    /// that thread and a process-wide count would see the test runner's threads too.
    /// </summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long total = 0;
            for (int i = 1; i < ThreadCount; i++)
            {
                total += Volatile.Read(ref _workerAllocatedBytes[i * CounterStride]);
            }

            return total;
        }
    }

    /// <summary>Jobs handed to the workers so far (not those run on the caller's thread alone); tests check it to know a split happened.</summary>
    public long ParallelJobs { get; private set; }

    /// <summary>
    /// Runs parts 0 to <paramref name="parts"/> − 1 of <paramref name="job"/>, which must be a local of the caller
    /// (its address is handed to the workers), and returns when all are done; part 0 on this thread, part i on worker
    /// i. If the pool is busy, runs the job as a single part here instead. An exception from a part is rethrown here
    /// after every part has finished.
    /// </summary>
    public void Run<TJob>(ref TJob job, int parts)
        where TJob : unmanaged, IParallelJob
    {
        Debug.Assert(parts >= 1 && parts <= ThreadCount, "parts must fit the pool");
        if (parts == 1 || t_isWorker || t_serial || _stopping || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            // The whole job as one part, on this thread: the same bits, and only part 0 ever runs outside the pool.
            job.Execute(0, 1);
            return;
        }

        try
        {
            ParallelJobs++;
            _job = Unsafe.AsPointer(ref job);
            _runPart = &RunPart<TJob>;
            _failure = null;
            _remaining = parts - 1;
            long generation = (Volatile.Read(ref _ticket) >> 32) + 1;

            // A full fence, paired with the one in Park: either the worker sees this ticket, or this sees it asleep.
            Interlocked.Exchange(ref _ticket, (generation << 32) | (uint)parts);
            if (Volatile.Read(ref _sleepers) > 0)
            {
                lock (_parkGate)
                {
                    Monitor.PulseAll(_parkGate);
                }
            }

            try
            {
                job.Execute(0, parts);
            }
            finally
            {
                var wait = default(SpinWait);
                while (Volatile.Read(ref _remaining) != 0)
                {
                    wait.SpinOnce(sleep1Threshold: -1);
                }
            }

            if (_failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            _job = null;
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Waits for the job in progress, if any, then lets the workers exit; later calls run on the caller's thread.</summary>
    public void Stop()
    {
        var wait = default(SpinWait);
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            wait.SpinOnce(sleep1Threshold: -1);
        }

        // _busy stays taken: no job can start on a stopped pool.
        _stopping = true;
        lock (_parkGate)
        {
            Monitor.PulseAll(_parkGate);
        }
    }

    private static void RunPart<TJob>(void* job, int part, int parts)
        where TJob : unmanaged, IParallelJob
        => ((TJob*)job)->Execute(part, parts);

    private void WorkerLoop(int index)
    {
        t_isWorker = true;
        long seen = 0;
        while (true)
        {
            long ticket = WaitForTicket(seen);
            if (_stopping)
            {
                return;
            }

            seen = ticket >> 32;
            int parts = (int)(uint)ticket;
            if (index >= parts)
            {
                continue;
            }

            try
            {
                _runPart(_job, index, parts);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            finally
            {
                Volatile.Write(ref _workerAllocatedBytes[index * CounterStride], GC.GetAllocatedBytesForCurrentThread());
                Interlocked.Decrement(ref _remaining);
            }
        }
    }

    /// <summary>Spins, then parks, until a ticket of a generation after <paramref name="seen"/> is published.</summary>
    private long WaitForTicket(long seen)
    {
        long start = Stopwatch.GetTimestamp();
        var wait = default(SpinWait);
        while (true)
        {
            long ticket = Volatile.Read(ref _ticket);
            if ((ticket >> 32) != seen || _stopping)
            {
                return ticket;
            }

            if (Stopwatch.GetTimestamp() - start < s_spinTicks)
            {
                wait.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            Park(seen);
            start = Stopwatch.GetTimestamp();
        }
    }

    private void Park(long seen)
    {
        lock (_parkGate)
        {
            Interlocked.Increment(ref _sleepers);
            while ((Volatile.Read(ref _ticket) >> 32) == seen && !_stopping)
            {
                Monitor.Wait(_parkGate);
            }

            Interlocked.Decrement(ref _sleepers);
        }
    }
}
