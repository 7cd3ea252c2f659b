using System;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SpanNet.PeerBenchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        // In process: BenchmarkDotNet's usual child project would copy libLibTorchSharp.so from the package again,
        // without this project's GLIBCXX fix (see the .csproj), and torch would fail to load there. The mutator puts
        // every job in process, a --job from the command line (--job Dry for a smoke run) included.
        // --thread-cpu-clock times by the benchmark thread's CPU time (ThreadCpuClock): on a machine shared with other
        // work, a one-thread row then counts only the time the thread ran. Meaningless for rows with more threads.
        bool threadCpuClock = Array.Exists(args, arg => arg == ThreadCpuClockOption);
        args = Array.FindAll(args, arg => arg != ThreadCpuClockOption);
        Job inProcess = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        if (threadCpuClock)
        {
            inProcess = inProcess.WithClock(ThreadCpuClock.Instance);
        }

        inProcess = inProcess.AsMutator();
        IConfig config = DefaultConfig.Instance.AddJob(inProcess).AddDiagnoser(MemoryDiagnoser.Default);

        // Unless the command line names a job: a short one (3 warm-ups, 3 measured iterations) keeps the whole suite near
        // a quarter of an hour on two cores. BenchmarkDotNet would run a named job beside it, not instead.
        if (!NamesJob(args))
        {
            config = config.AddJob(Job.ShortRun.WithId("ShortRun-InProcess"));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }

    private const string ThreadCpuClockOption = "--thread-cpu-clock";

    private static bool NamesJob(string[] args) =>
        Array.Exists(args, arg => arg == "-j" || arg.StartsWith("--job", StringComparison.OrdinalIgnoreCase));
}
