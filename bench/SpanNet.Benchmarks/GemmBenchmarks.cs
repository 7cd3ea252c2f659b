using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using SpanNet.Threading;

namespace SpanNet.Benchmarks;

/// <summary>
/// C = A·B at the shapes an MNIST-sized MLP runs (784 inputs, 100 hidden, 10 outputs, batches of 1 to 100) plus
/// square sizes where the packed path should approach the FMA peak (see <see cref="FmaPeakBenchmark"/>).
/// </summary>
[MemoryDiagnoser]
[GflopsColumn]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private GemmScratch? _scratch;

    public static IEnumerable<GemmProblem> Problems =>
    [
        new GemmProblem(1, 784, 100),
        new GemmProblem(32, 784, 100),
        new GemmProblem(100, 784, 100),
        new GemmProblem(100, 100, 10),
        new GemmProblem(256, 784, 256),
        new GemmProblem(512, 512, 512),
        new GemmProblem(1024, 1024, 1024),
    ];

    [ParamsSource(nameof(Problems))]
    public GemmProblem Problem { get; set; }

    /// <summary>SpanNet's threads (<see cref="Parallelism.ThreadCount"/>); the row loop and the naive loop run on one regardless.</summary>
    [ParamsSource(typeof(ThreadCounts), nameof(ThreadCounts.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        var random = new Random(42);
        _a = RandomMatrix(random, Problem.M * Problem.K);
        _b = RandomMatrix(random, Problem.K * Problem.N);
        _c = new float[Problem.M * Problem.N];

        // A caller-owned scratch keeps the packing panels out of the shared pool, as a network's workspace would.
        _scratch = new GemmScratch();
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch?.Dispose();

    [Benchmark]
    public void SpanNetGemm() => Gemm.MultiplyAdd(_a, _b, _c, Problem.M, Problem.N, Problem.K, scratch: _scratch);

    /// <summary>
    /// What a .NET developer would write without a GEMM library: each row of C is a sum of rows of B scaled by
    /// A's entries, one vectorised TensorPrimitives axpy per term.
    /// </summary>
    [Benchmark(Baseline = true)]
    public void TensorPrimitivesRowAxpy() => RowAxpyGemm.Multiply(_a, _b, _c, Problem.M, Problem.K, Problem.N);

    /// <summary>The textbook i-p-j loop: scalar, but streaming rows of B and C, so it is the fair naive version.</summary>
    [Benchmark]
    public void NaiveTripleLoop()
    {
        int k = Problem.K;
        int n = Problem.N;
        ReadOnlySpan<float> b = _b;
        for (int i = 0; i < Problem.M; i++)
        {
            ReadOnlySpan<float> aRow = _a.AsSpan(i * k, k);
            Span<float> cRow = _c.AsSpan(i * n, n);
            cRow.Clear();
            for (int p = 0; p < k; p++)
            {
                float aip = aRow[p];
                ReadOnlySpan<float> bRow = b.Slice(p * n, n);
                for (int j = 0; j < cRow.Length; j++)
                {
                    cRow[j] += aip * bRow[j];
                }
            }
        }
    }

    private static float[] RandomMatrix(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }
}
