using System;
using System.Diagnostics;
using System.Threading;
using SpanNet.Kernels;
using SpanNet.Threading;

namespace SpanNet.Latency;

/// <summary>
/// What the worker pool costs when there is no work: the process's CPU time over five idle seconds right after a
/// second of back-to-back parallel products (so every worker has just been busy and must park by itself).
/// </summary>
internal static class IdleCpu
{
    private static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(5);

    public static void Report()
    {
        int threads = Parallelism.ThreadCount;
        float[] a = new float[256 * 784], b = new float[784 * 256], c = new float[256 * 256];
        a.AsSpan().Fill(0.5f);
        b.AsSpan().Fill(0.25f);
        long jobsBefore = Parallelism.Pool.ParallelJobs;
        var busy = Stopwatch.StartNew();
        while (busy.Elapsed < TimeSpan.FromSeconds(1))
        {
            Gemm.MultiplyAdd(a, b, c, 256, 256, 784);
        }

        long jobs = Parallelism.Pool.ParallelJobs - jobsBefore;
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan before = self.TotalProcessorTime;
        var idle = Stopwatch.StartNew();
        Thread.Sleep(IdleTime);
        self.Refresh();
        TimeSpan used = self.TotalProcessorTime - before;
        double share = used.TotalSeconds / idle.Elapsed.TotalSeconds;
        Console.WriteLine($"idle CPU with the pool started: {threads} kernel threads, {jobs:N0} parallel products in the busy second before");
        Console.WriteLine($"process CPU time over {idle.Elapsed.TotalSeconds:F2} idle seconds: {used.TotalMilliseconds:F1} ms = {share:P2} of one core; workers parked at the end: {Parallelism.Pool.ParkedWorkers} of {threads - 1}");
    }
}
