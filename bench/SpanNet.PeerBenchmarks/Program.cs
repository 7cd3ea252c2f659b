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
        // without this project's GLIBCXX fix (see the .csproj), and torch would fail to load there. A short job (3
        // warm-ups, 3 measured iterations) keeps the whole suite near a quarter of an hour on two cores. As the default
        // job it is also the base of any --job given on the command line (--job Dry for a smoke run), which therefore
        // runs in process too, and in its place rather than beside it.
        Job job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess").AsDefault();
        IConfig config = DefaultConfig.Instance.AddJob(job).AddDiagnoser(MemoryDiagnoser.Default);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
