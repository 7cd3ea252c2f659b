using System;
using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the calling thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>) instead of the
/// wall clock: time the thread spends descheduled, waiting for a CPU that other work holds, does not count. For a
/// shared machine, and only for one-thread rows: a second thread's work is not the caller's CPU time.
/// </summary>
internal sealed partial class ThreadCpuClock : IClock
{
    /// <summary>Linux's <c>CLOCK_THREAD_CPUTIME_ID</c>.</summary>
    private const int ThreadCpuTimeClockId = 3;

    public static readonly ThreadCpuClock Instance = new();

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        _ = clock_gettime(ThreadCpuTimeClockId, out TimeSpec time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
