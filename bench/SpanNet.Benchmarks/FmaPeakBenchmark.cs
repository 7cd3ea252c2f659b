using System.Collections.Generic;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace SpanNet.Benchmarks;

/// <summary>
/// Single-core Vector512 FMA throughput: the ceiling a GEMM micro-kernel can approach on this machine, so GEMM
/// results can be read as a fraction of it rather than against a datasheet number.
/// </summary>
[GflopsColumn]
public class FmaPeakBenchmark
{
    public static IEnumerable<FmaWorkload> Workloads => [new FmaWorkload(1_000_000)];

    [ParamsSource(nameof(Workloads))]
    public FmaWorkload Workload { get; set; }

    [Benchmark]
    public float Vector512FusedMultiplyAdd()
    {
        // acc·0.999 + 0.001 converges to 1, so the values never reach infinities or denormals, which could slow the
        // FMA units. Twelve independent chains (FmaWorkload.Chains) cover FMA latency × throughput with room to spare.
        Vector512<float> factor = Vector512.Create(0.999f);
        Vector512<float> addend = Vector512.Create(0.001f);

        // Distinct starting values keep the JIT from recognising the chains as one value and merging them.
        Vector512<float> acc0 = Vector512.Create(0.50f);
        Vector512<float> acc1 = Vector512.Create(0.51f);
        Vector512<float> acc2 = Vector512.Create(0.52f);
        Vector512<float> acc3 = Vector512.Create(0.53f);
        Vector512<float> acc4 = Vector512.Create(0.54f);
        Vector512<float> acc5 = Vector512.Create(0.55f);
        Vector512<float> acc6 = Vector512.Create(0.56f);
        Vector512<float> acc7 = Vector512.Create(0.57f);
        Vector512<float> acc8 = Vector512.Create(0.58f);
        Vector512<float> acc9 = Vector512.Create(0.59f);
        Vector512<float> acc10 = Vector512.Create(0.60f);
        Vector512<float> acc11 = Vector512.Create(0.61f);

        int iterations = Workload.Iterations;
        for (int i = 0; i < iterations; i++)
        {
            acc0 = Vector512.FusedMultiplyAdd(acc0, factor, addend);
            acc1 = Vector512.FusedMultiplyAdd(acc1, factor, addend);
            acc2 = Vector512.FusedMultiplyAdd(acc2, factor, addend);
            acc3 = Vector512.FusedMultiplyAdd(acc3, factor, addend);
            acc4 = Vector512.FusedMultiplyAdd(acc4, factor, addend);
            acc5 = Vector512.FusedMultiplyAdd(acc5, factor, addend);
            acc6 = Vector512.FusedMultiplyAdd(acc6, factor, addend);
            acc7 = Vector512.FusedMultiplyAdd(acc7, factor, addend);
            acc8 = Vector512.FusedMultiplyAdd(acc8, factor, addend);
            acc9 = Vector512.FusedMultiplyAdd(acc9, factor, addend);
            acc10 = Vector512.FusedMultiplyAdd(acc10, factor, addend);
            acc11 = Vector512.FusedMultiplyAdd(acc11, factor, addend);
        }

        // Returning a value that depends on every chain keeps the loop from being eliminated.
        return Vector512.Sum(acc0 + acc1 + acc2 + acc3 + acc4 + acc5 + acc6 + acc7 + acc8 + acc9 + acc10 + acc11);
    }
}
