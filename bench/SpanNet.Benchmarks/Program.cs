using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace SpanNet.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        // Allocation is a target (0 B per call), so every class reports it, including ones without the attribute.
        IConfig config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
