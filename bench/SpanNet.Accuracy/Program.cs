using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using SpanNet.Kernels.Simd;

namespace SpanNet.Accuracy;

/// <summary>
/// Sweeps every finite float32 through each forward activation kernel at every SIMD width this CPU runs (and the
/// scalar path), against the double-precision references of the test suite, and prints the largest errors and
/// where they occur as a markdown table. A one-off measurement, not a test: the full sweep takes many minutes.
/// </summary>
/// <remarks>
/// Usage: <c>dotnet run -c Release --project bench/SpanNet.Accuracy [-- --stride N] [--threads T]</c>. A stride above
/// 1 visits every Nth bit pattern only, for a quick look.
/// </remarks>
internal static class Program
{
    private const int ChunkBits = 22;

    private static int Main(string[] args)
    {
        int stride = Option(args, "--stride", 1);
        int threads = Option(args, "--threads", Environment.ProcessorCount);
        SimdWidth[] widths = new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 }
            .Where(WidthDispatcher.IsAvailable).ToArray();
        SweptKernel[] kernels = SweptKernel.All;

        var perThread = new Statistics[threads][,];
        int chunks = 1 << (32 - ChunkBits);
        int done = 0;
        var clock = Stopwatch.StartNew();
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            perThread[t] = Statistics.Table(kernels.Length, widths.Length);
            workers[t] = new Thread(() =>
            {
                var sweep = new ChunkSweep(kernels, widths, perThread[index], stride);
                for (int chunk = index; chunk < chunks; chunk += threads)
                {
                    sweep.Run((uint)chunk << ChunkBits, 1u << ChunkBits);
                    int finished = Interlocked.Increment(ref done);
                    if (finished % 64 == 0)
                    {
                        Console.Error.WriteLine($"{finished}/{chunks} chunks, {clock.Elapsed.TotalMinutes:F1} min");
                    }
                }
            });
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        Statistics[,] total = Statistics.Table(kernels.Length, widths.Length);
        foreach (Statistics[,] table in perThread)
        {
            for (int k = 0; k < kernels.Length; k++)
            {
                for (int w = 0; w < widths.Length; w++)
                {
                    total[k, w].Merge(table[k, w]);
                }
            }
        }

        Console.WriteLine($"Every finite float32{(stride > 1 ? $" (every {stride}th bit pattern)" : string.Empty)}, {clock.Elapsed.TotalMinutes:F1} min.");
        Console.WriteLine();
        Console.WriteLine("| kernel | width | values | max relative error (normal results) | at x | max relative, \\|x\\| ≤ 5 | at x | max absolute error | at x | subnormal results: max error in steps of 2⁻¹⁴⁹ | wrong non-finite |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int k = 0; k < kernels.Length; k++)
        {
            for (int w = 0; w < widths.Length; w++)
            {
                Statistics s = total[k, w];
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {kernels[k].Name} | {widths[w]} | {s.Count:N0} | {s.MaxRelative:E2} | {s.AtRelative:R} | {s.MaxRelativeNear:E2} | {s.AtRelativeNear:R} | {s.MaxAbsolute:E2} | {s.AtAbsolute:R} | {s.MaxSubnormalSteps:F1} | {s.WrongNonFinite} |"));
            }
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
