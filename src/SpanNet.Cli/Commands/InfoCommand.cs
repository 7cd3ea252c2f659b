using System;
using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Cli.Platform;
using SpanNet.Kernels;
using SpanNet.Kernels.LowPrecision;
using SpanNet.Threading;

namespace SpanNet.Cli.Commands;

/// <summary>
/// <c>spannet info</c>: how this process runs SpanNet (JIT or NativeAOT, the kernels' vector width, the CPU, the
/// threads), so a published binary can be checked to carry the SIMD paths its CPU allows.
/// </summary>
internal static class InfoCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("info", "Show the runtime (JIT or NativeAOT), the vector width the kernels run at, the CPU, its low-precision instructions and the thread count");
        command.SetAction(_ =>
        {
            Write(console);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(CliConsole console)
    {
        // Dynamic code is what a JIT gives and NativeAOT cannot: the one property that tells the two apart at run time.
        string runtime = RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT";
        CpuDescription cpu = CpuDescription.Read();
        string? threadSetting = Environment.GetEnvironmentVariable(Parallelism.EnvironmentVariable);
        int bits = KernelWidth.Bits();
        string width = bits == 32 ? "the scalar path" : $"{bits / 32} floats per vector";

        console.Out.WriteLine($"runtime:      {runtime}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.RuntimeIdentifier}");
        console.Out.WriteLine($"kernel width: {bits} bits ({width})");
        console.Out.WriteLine($"cpu width:    {cpu.WidestVectorBits()} bits (widest vector in the CPU's flags)");
        console.Out.WriteLine($"cpu:          {cpu.ModelName} (family {cpu.Family}, model {cpu.Model})");
        console.Out.WriteLine($"cpu family:   {SparseProductRule.Family}; zero-skipping products at ≤ {SparseProductRule.ForwardMaxDensity:P0} nonzero inputs (forward), ≤ {SparseProductRule.WeightGradientMaxDensity:P0} (weight gradient)");
        string[] lowPrecision = cpu.LowPrecisionInstructions();
        string int8 = Int8Affine.Fastest switch
        {
            Int8Path.Vnni256 => "AVX-VNNI vpdpbusd",
            Int8Path.MultiplyAddAdjacent512 => "AVX-512BW vpmaddubsw + vpmaddwd (no VNNI .NET can use)",
            Int8Path.MultiplyAddAdjacent256 => "AVX2 vpmaddubsw + vpmaddwd (no VNNI .NET can use)",
            _ => "scalar",
        };
        console.Out.WriteLine($"low precision: {(lowPrecision.Length == 0 ? "no bf16 or VNNI instructions" : string.Join(' ', lowPrecision))}; int8 products use {int8}, bf16 weights are widened to fp32 FMAs");
        console.Out.WriteLine($"threads:      {Parallelism.ThreadCount} kernel threads of {Environment.ProcessorCount} processors; {Parallelism.EnvironmentVariable} {(threadSetting is null ? "not set" : $"= {threadSetting}")}");
    }
}
