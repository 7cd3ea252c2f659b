using System;
using System.Globalization;

namespace SpanNet.Threading;

/// <summary>
/// How many threads SpanNet's kernels use: GEMM (every transpose and the zero-skipping product), the training step's
/// products and parameter updates, and batched inference. Single-sample inference always stays on the caller's thread.
/// </summary>
/// <remarks>
/// <para>
/// The default is the <see cref="EnvironmentVariable"/> (<c>SPANNET_NUM_THREADS</c>, read once, like
/// <c>OMP_NUM_THREADS</c>) when it is set, else every core the process may use. The pool's threads are made once,
/// spin for about <see cref="WorkerPool.SpinMicroseconds"/> µs after each piece of work, then park, so an idle
/// process uses no CPU.
/// </para>
/// <para>
/// Work is split over output tiles only (rows or column panels of a product's result, ranges of parameters), so each
/// output element is computed by one thread in one order: results are bit-identical at every thread count.
/// </para>
/// </remarks>
public static class Parallelism
{
    /// <summary>The environment variable that sets the default thread count: a whole number from 1 to <see cref="MaxThreadCount"/>.</summary>
    public const string EnvironmentVariable = "SPANNET_NUM_THREADS";

    /// <summary>The most threads SpanNet will run.</summary>
    public const int MaxThreadCount = 256;

    private static readonly object s_gate = new();
    private static WorkerPool? s_pool;

    /// <summary>
    /// The threads kernels use, the caller's included: 1 runs everything on the caller's thread. Setting it replaces
    /// the pool (its old threads exit once idle); results do not change, only speed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 1 to <see cref="MaxThreadCount"/>.</exception>
    /// <exception cref="InvalidOperationException">Read while <c>SPANNET_NUM_THREADS</c> holds something other than a whole number from 1 to <see cref="MaxThreadCount"/>.</exception>
    public static int ThreadCount
    {
        get => Pool.ThreadCount;
        set
        {
            if (value < 1 || value > MaxThreadCount)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(value), $"the thread count must be from 1 to {MaxThreadCount}; it was {value}.");
            }

            WorkerPool? old;
            lock (s_gate)
            {
                if (s_pool is not null && s_pool.ThreadCount == value)
                {
                    return;
                }

                old = s_pool;
                s_pool = new WorkerPool(value);
            }

            old?.Stop();
        }
    }

    /// <summary>The thread count used until <see cref="ThreadCount"/> is set: the environment variable's, else all cores.</summary>
    /// <exception cref="InvalidOperationException"><c>SPANNET_NUM_THREADS</c> is set to something other than a whole number from 1 to <see cref="MaxThreadCount"/>.</exception>
    public static int DefaultThreadCount => ParseThreadCount(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The current pool, made on first use.</summary>
    internal static WorkerPool Pool
    {
        get
        {
            WorkerPool? pool = s_pool;
            if (pool is not null)
            {
                return pool;
            }

            int count = DefaultThreadCount;
            lock (s_gate)
            {
                return s_pool ??= new WorkerPool(count);
            }
        }
    }

    /// <summary>The thread count <paramref name="text"/> (the environment variable's value) asks for; all cores when unset.</summary>
    internal static int ParseThreadCount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Math.Clamp(Environment.ProcessorCount, 1, MaxThreadCount);
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > MaxThreadCount)
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is '{text}'; it must be a whole number of threads from 1 to {MaxThreadCount}, or unset for all cores.");
        }

        return count;
    }
}
