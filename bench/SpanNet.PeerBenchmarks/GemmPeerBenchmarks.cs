using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SpanNet.Benchmarks;
using SpanNet.Kernels;
using static TorchSharp.torch;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// C = A·B into a preallocated C at the kernel benchmarks' shapes: SpanNet's GEMM, libtorch's (TorchSharp
/// <c>addmm_</c> with β = 0, TorchSharp's way of writing a product into an existing tensor), and the TensorPrimitives
/// row loop a .NET developer would write without a GEMM library, and OpenBLAS's <c>cblas_sgemm</c> (Debian's
/// <c>libopenblas0-pthread</c>, through <see cref="OpenBlas"/>). SpanNet, torch and OpenBLAS all get
/// <see cref="Threads"/> threads; the row loop has no threading of its own.
/// </summary>
[MemoryDiagnoser]
[GflopsColumn]
public class GemmPeerBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private GemmScratch? _scratch;
    private Tensor? _torchA;
    private Tensor? _torchB;
    private Tensor? _torchC;

    public static IEnumerable<GemmProblem> Problems =>
    [
        new GemmProblem(1, 784, 100),
        new GemmProblem(32, 784, 100),
        new GemmProblem(100, 784, 100),
        new GemmProblem(256, 784, 256),
        new GemmProblem(512, 512, 512),
        new GemmProblem(1024, 1024, 1024),
    ];

    [ParamsSource(nameof(Problems))]
    public GemmProblem Problem { get; set; }

    [ParamsSource(typeof(PeerThreads), nameof(PeerThreads.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PeerThreads.Use(Threads);
        OpenBlas.SetThreadCount(Threads);
        _a = PeerData.Matrix(Problem.M * Problem.K, 1);
        _b = PeerData.Matrix(Problem.K * Problem.N, 2);
        _c = new float[Problem.M * Problem.N];
        _scratch = new GemmScratch();
        _torchA = tensor(_a, [Problem.M, Problem.K]);
        _torchB = tensor(_b, [Problem.K, Problem.N]);
        _torchC = zeros(Problem.M, Problem.N);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scratch?.Dispose();
        _torchA?.Dispose();
        _torchB?.Dispose();
        _torchC?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void SpanNet() => Gemm.MultiplyAdd(_a, _b, _c, Problem.M, Problem.N, Problem.K, scratch: _scratch);

    /// <summary>C ← 0·C + 1·A·B in place: BLAS sgemm into C's storage, no new tensor.</summary>
    [Benchmark]
    public void TorchSharp() => _torchC!.addmm_(_torchA!, _torchB!, beta: 0f, alpha: 1f);

    /// <summary>C ← 1·A·B + 0·C through OpenBLAS's sgemm, row-major, no transposes.</summary>
    [Benchmark]
    public void OpenBLAS() => OpenBlas.Multiply(_a, _b, _c, Problem.M, Problem.N, Problem.K, 1f, 0f);

    /// <summary>Each row of C as a sum of rows of B scaled by A's entries, one TensorPrimitives axpy per term.</summary>
    [Benchmark]
    public void TensorPrimitivesRowLoop() => RowAxpyGemm.Multiply(_a, _b, _c, Problem.M, Problem.K, Problem.N);
}
