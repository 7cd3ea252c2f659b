using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using SpanNet.Kernels;
using SpanNet.Tests.Kernels;
using SpanNet.Threading;
using Xunit;

namespace SpanNet.Tests.Threading;

[Collection(ThreadCountCollection.Name)]
public unsafe class WorkerPoolTests
{
    [Fact]
    public void Every_part_runs_once_and_part_i_runs_on_worker_i()
    {
        var pool = new WorkerPool(4);
        try
        {
            var job = new RecordingJob();
            pool.Run(ref job, 4);
            Assert.Equal(1, job.Runs[0]);
            Assert.Equal(1, job.Runs[1]);
            Assert.Equal(1, job.Runs[2]);
            Assert.Equal(1, job.Runs[3]);
            Assert.Equal(Environment.CurrentManagedThreadId, job.Threads[0]);
            Assert.Equal(3, new[] { job.Threads[1], job.Threads[2], job.Threads[3] }.Distinct().Count());
            Assert.DoesNotContain(Environment.CurrentManagedThreadId, new[] { job.Threads[1], job.Threads[2], job.Threads[3] });
            Assert.Equal(1, pool.ParallelJobs);
        }
        finally
        {
            pool.Stop();
        }
    }

    [Fact]
    public void A_part_that_throws_is_rethrown_to_the_caller_after_every_part_is_done()
    {
        var pool = new WorkerPool(3);
        try
        {
            // Not through Assert.Throws: a lambda would move the job into a closure on the heap, and the pool hands
            // its address to other threads.
            var job = new RecordingJob { ThrowingPart = 2 };
            InvalidOperationException? thrown = null;
            try
            {
                pool.Run(ref job, 3);
            }
            catch (InvalidOperationException e)
            {
                thrown = e;
            }

            Assert.Equal("part 2 failed", thrown?.Message);
            Assert.Equal(1, job.Runs[0]);
            Assert.Equal(1, job.Runs[1]);

            // The pool is still usable.
            var next = new RecordingJob();
            pool.Run(ref next, 3);
            Assert.Equal(1, next.Runs[2]);
        }
        finally
        {
            pool.Stop();
        }
    }

    [Fact]
    public void A_stopped_pool_runs_jobs_whole_on_the_callers_thread()
    {
        var pool = new WorkerPool(3);
        pool.Stop();
        var job = new RecordingJob();
        pool.Run(ref job, 3);
        Assert.Equal(1, job.Runs[0]);
        Assert.Equal(0, job.Runs[1] + job.Runs[2]);
        Assert.Equal(1, job.PartCountSeen);
        Assert.Equal(0, pool.ParallelJobs);
    }

    [Fact]
    public void Idle_workers_park_instead_of_spinning()
    {
        var pool = new WorkerPool(3);
        try
        {
            var job = new RecordingJob();
            pool.Run(ref job, 3);

            // Parking is a state, not a speed: the workers must reach the monitor soon after their spin window.
            var clock = Stopwatch.StartNew();
            while (pool.ParkedWorkers < 2 && clock.ElapsedMilliseconds < 5000)
            {
                Thread.Sleep(1);
            }

            Assert.Equal(2, pool.ParkedWorkers);

            // And a parked pool wakes for the next job.
            var next = new RecordingJob();
            pool.Run(ref next, 3);
            Assert.Equal(1, next.Runs[1]);
            Assert.Equal(1, next.Runs[2]);
        }
        finally
        {
            pool.Stop();
        }
    }

    [Fact]
    public void Concurrent_callers_all_get_the_single_thread_bits()
    {
        float[] a = RandomValues.Uniform(128 * 300, 1);
        float[] b = RandomValues.Uniform(300 * 200, 2);
        var expected = new float[128 * 200];
        using (new ThreadCountScope(1))
        {
            Gemm.MultiplyAdd(a, b, expected, 128, 200, 300);
        }

        using var scope = new ThreadCountScope(2);
        var failures = new int[4];
        var callers = new Thread[4];
        for (int t = 0; t < callers.Length; t++)
        {
            int caller = t;
            callers[t] = new Thread(() =>
            {
                var c = new float[128 * 200];
                for (int i = 0; i < 50; i++)
                {
                    Gemm.MultiplyAdd(a, b, c, 128, 200, 300);
                    if (!c.AsSpan().SequenceEqual(expected))
                    {
                        failures[caller]++;
                    }
                }
            });
            callers[t].Start();
        }

        foreach (Thread caller in callers)
        {
            caller.Join();
        }

        Assert.Equal(new int[4], failures);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_unset_environment_variable_means_every_core(string? value) =>
        Assert.Equal(Math.Min(Environment.ProcessorCount, Parallelism.MaxThreadCount), Parallelism.ParseThreadCount(value));

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 3 ", 3)]
    [InlineData("256", 256)]
    public void The_environment_variable_sets_the_count(string value, int expected) =>
        Assert.Equal(expected, Parallelism.ParseThreadCount(value));

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("257")]
    [InlineData("two")]
    [InlineData("2.5")]
    [InlineData("99999999999")]
    public void A_bad_environment_variable_is_one_clear_error(string value)
    {
        var thrown = Assert.Throws<InvalidOperationException>(() => Parallelism.ParseThreadCount(value));
        Assert.Contains(Parallelism.EnvironmentVariable, thrown.Message);
        Assert.Contains($"'{value}'", thrown.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Parallelism.MaxThreadCount + 1)]
    public void Setting_a_count_out_of_range_is_refused_and_keeps_the_pool(int threads)
    {
        int before = Parallelism.ThreadCount;
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.ThreadCount = threads);
        Assert.Equal(before, Parallelism.ThreadCount);
    }

    /// <summary>Records which thread ran each of up to four parts.</summary>
    private unsafe struct RecordingJob : IParallelJob
    {
        public fixed int Runs[4];
        public fixed int Threads[4];
        public int ThrowingPart;
        public int PartCountSeen;

        public RecordingJob()
        {
            ThrowingPart = -1;
        }

        public void Execute(int part, int parts)
        {
            PartCountSeen = parts;
            Runs[part]++;
            Threads[part] = Environment.CurrentManagedThreadId;
            if (part == ThrowingPart)
            {
                throw new InvalidOperationException($"part {part} failed");
            }
        }
    }
}
