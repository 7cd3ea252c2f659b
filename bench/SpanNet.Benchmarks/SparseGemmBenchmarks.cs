using System;
using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using SpanNet.Threading;

namespace SpanNet.Benchmarks;

/// <summary>
/// The first layer of 784-100-10 at batch 100, dense GEMM against the zero-skipping product, forward (X·W) and weight
/// gradient (Xᵀ·dY), at densities around the crossover that fixes <c>SparseProductRule</c>'s thresholds per CPU
/// family: 0.19 is MNIST's share of nonzero pixels, 0.5 a ReLU layer's output. The zeros are placed at random, which
/// is harder on the sparse path than MNIST's clustered strokes, so thresholds read from these rows err towards dense.
/// </summary>
[MemoryDiagnoser]
public class SparseGemmBenchmarks
{
    private const int Batch = 100;
    private const int Inputs = 784;
    private const int Outputs = 100;

    private float[] _x = [];
    private float[] _w = [];
    private float[] _y = [];
    private float[] _dY = [];
    private float[] _dW = [];
    private GemmScratch? _scratch;

    [Params(0.05, 0.1, 0.15, 0.19, 0.25, 0.3, 0.5)]
    public double Density { get; set; }

    [ParamsSource(typeof(ThreadCounts), nameof(ThreadCounts.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        var random = new Random(42);
        _x = new float[Batch * Inputs];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = random.NextDouble() < Density ? (float)random.NextDouble() : 0f;
        }

        _w = Uniform(random, Inputs * Outputs);
        _dY = Uniform(random, Batch * Outputs);
        _y = new float[Batch * Outputs];
        _dW = new float[Inputs * Outputs];
        _scratch = new GemmScratch();
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch?.Dispose();

    [Benchmark(Baseline = true)]
    public void DenseForward() => Gemm.MultiplyAdd(_x, _w, _y, Batch, Outputs, Inputs, scratch: _scratch);

    [Benchmark]
    public void SparseForward() => Gemm.MultiplyAddSparseA(_x, _w, _y, Batch, Outputs, Inputs);

    [Benchmark]
    public void DenseWeightGradient() =>
        Gemm.MultiplyAdd(_x, _dY, _dW, Inputs, Outputs, Batch, MatrixOperation.Transpose, MatrixOperation.Identity, 1f, 1f, _scratch);

    [Benchmark]
    public void SparseWeightGradient() => Gemm.MultiplyAddSparseA(_x, _dY, _dW, Inputs, Outputs, Batch, MatrixOperation.Transpose, beta: 1f);

    private static float[] Uniform(Random random, int length)
    {
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }
}
