using System;
using System.Linq;
using System.Runtime.Intrinsics;
using SpanNet.Kernels;
using Xunit;

namespace SpanNet.Tests.Cli;

/// <summary><c>spannet info</c> reports the runtime, the kernels' vector width, the CPU, its low-precision instructions and the threads of this process.</summary>
public sealed class InfoCommandTests
{
    [Fact]
    public void Info_reports_the_jit_the_vector_width_this_process_runs_and_the_processor_count()
    {
        CliRun run = CliRun.Of("info");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Error);
        string[] lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["runtime", "kernel width", "cpu width", "cpu", "cpu family", "low precision", "threads"], lines.Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)]));
        Assert.StartsWith("runtime:      JIT, .NET ", lines[0], StringComparison.Ordinal);

        // The test process runs at every setting CI forces (256, 128, intrinsics off), so the width must follow it.
        string expectedWidth = Vector512.IsHardwareAccelerated ? "512 bits (16 floats per vector)"
            : Vector256.IsHardwareAccelerated ? "256 bits (8 floats per vector)"
            : Vector128.IsHardwareAccelerated ? "128 bits (4 floats per vector)"
            : "32 bits (the scalar path)";
        Assert.Equal($"kernel width: {expectedWidth}", lines[1]);
        Assert.StartsWith($"cpu family:   {SparseProductRule.Family}; zero-skipping products at ≤ ", lines[4], StringComparison.Ordinal);

        Assert.Matches("^low precision: .+; int8 products use (AVX-VNNI|AVX-512BW|AVX2|scalar)", lines[5]);

        // The count itself is whatever the pool has now (the thread-count tests change it); the shape is fixed.
        Assert.Matches($"^threads:      [0-9]+ kernel threads of {Environment.ProcessorCount} processors; SPANNET_NUM_THREADS ", lines[6]);
    }

    [Fact]
    public void Low_precision_instructions_are_read_from_the_flags_in_a_fixed_order()
    {
        var zen4 = new SpanNet.Cli.Platform.CpuDescription("AMD EPYC", "25", "17", "fpu avx2 avx512f avx512_bf16 avx512_vnni avx512vl");
        Assert.Equal(["avx512_bf16", "avx512_vnni"], zen4.LowPrecisionInstructions());
        var sapphireRapids = new SpanNet.Cli.Platform.CpuDescription("Xeon", "6", "143", "avx_vnni amx_int8 avx512_vnni amx_bf16 avx512_bf16");
        Assert.Equal(["avx512_bf16", "amx_bf16", "avx_vnni", "avx512_vnni", "amx_int8"], sapphireRapids.LowPrecisionInstructions());
        Assert.Empty(new SpanNet.Cli.Platform.CpuDescription("old", "6", "60", "sse2 avx2 avx512_vnni_extra").LowPrecisionInstructions());
    }

    [Fact]
    public void Info_takes_no_arguments()
    {
        CliRun run = CliRun.Of("info", "--verbose");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }
}
