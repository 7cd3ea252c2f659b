using System;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks;

/// <summary>
/// Element-wise activations against TensorPrimitives (the baseline of each category) and a scalar loop. 1000 is a
/// hidden layer for a small batch; 100 000 no longer fits L1; 100 003 adds a remainder the vector loop must handle.
/// GELU, SiLU, softplus and hard swish have no TensorPrimitives counterpart: their yardstick is sigmoid's forward and
/// backward pass in the same run (elements per ns; bench/RESULTS.md has the ratios).
/// </summary>
[MemoryDiagnoser]
[ElementsPerNanosecondColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ActivationBenchmarks
{
    private float[] _x = [];
    private float[] _y = [];
    private float[] _dy = [];

    [Params(1000, 100_000, 100_003)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // [-8, 8) covers both saturated tails of sigmoid and tanh and keeps exp well inside float range.
        var random = new Random(42);
        _x = new float[Length];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = (random.NextSingle() * 16f) - 8f;
        }

        _y = new float[Length];
        _dy = new float[Length];
        for (int i = 0; i < _dy.Length; i++)
        {
            _dy[i] = (random.NextSingle() * 2f) - 1f;
        }
    }

    [Benchmark, BenchmarkCategory("Relu")]
    public void SpanNetRelu() => Activations.Relu(_x, _y);

    [Benchmark(Baseline = true), BenchmarkCategory("Relu")]
    public void TensorPrimitivesRelu() => TensorPrimitives.Max(_x, 0f, _y);

    [Benchmark, BenchmarkCategory("Relu")]
    public void ScalarRelu()
    {
        ReadOnlySpan<float> x = _x;
        Span<float> y = _y;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Max(x[i], 0f);
        }
    }

    [Benchmark, BenchmarkCategory("Sigmoid")]
    public void SpanNetSigmoid() => Activations.Sigmoid(_x, _y);

    [Benchmark(Baseline = true), BenchmarkCategory("Sigmoid")]
    public void TensorPrimitivesSigmoid() => TensorPrimitives.Sigmoid(_x, _y);

    [Benchmark, BenchmarkCategory("Sigmoid")]
    public void ScalarSigmoid()
    {
        ReadOnlySpan<float> x = _x;
        Span<float> y = _y;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = 1f / (1f + MathF.Exp(-x[i]));
        }
    }

    [Benchmark, BenchmarkCategory("Sigmoid")]
    public void SpanNetSigmoidBackward() => Activations.SigmoidBackward(_dy, _x, _y);

    [Benchmark, BenchmarkCategory("Gelu")]
    public void SpanNetGelu() => Activations.Gelu(_x, _y);

    [Benchmark, BenchmarkCategory("Gelu")]
    public void SpanNetGeluBackward() => Activations.GeluBackward(_dy, _x, _y);

    [Benchmark, BenchmarkCategory("Gelu")]
    public void SpanNetGeluTanh() => Activations.GeluTanh(_x, _y);

    [Benchmark, BenchmarkCategory("Gelu")]
    public void SpanNetGeluTanhBackward() => Activations.GeluTanhBackward(_dy, _x, _y);

    [Benchmark, BenchmarkCategory("Silu")]
    public void SpanNetSilu() => Activations.Silu(_x, _y);

    [Benchmark, BenchmarkCategory("Silu")]
    public void SpanNetSiluBackward() => Activations.SiluBackward(_dy, _x, _y);

    [Benchmark, BenchmarkCategory("Softplus")]
    public void SpanNetSoftplus() => Activations.Softplus(_x, Activations.SoftplusDefaultBeta, Activations.SoftplusDefaultThreshold, _y);

    [Benchmark, BenchmarkCategory("Softplus")]
    public void SpanNetSoftplusBackward() => Activations.SoftplusBackward(_dy, _x, Activations.SoftplusDefaultBeta, Activations.SoftplusDefaultThreshold, _y);

    [Benchmark, BenchmarkCategory("HardSwish")]
    public void SpanNetHardSwish() => Activations.HardSwish(_x, _y);

    [Benchmark, BenchmarkCategory("HardSwish")]
    public void SpanNetHardSwishBackward() => Activations.HardSwishBackward(_dy, _x, _y);

    [Benchmark, BenchmarkCategory("Tanh")]
    public void SpanNetTanh() => Activations.Tanh(_x, _y);

    [Benchmark(Baseline = true), BenchmarkCategory("Tanh")]
    public void TensorPrimitivesTanh() => TensorPrimitives.Tanh(_x, _y);

    [Benchmark, BenchmarkCategory("Tanh")]
    public void ScalarTanh()
    {
        ReadOnlySpan<float> x = _x;
        Span<float> y = _y;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Tanh(x[i]);
        }
    }

    [Benchmark, BenchmarkCategory("Exp")]
    public void SpanNetExp() => Transcendentals.Exp(_x, _y);

    [Benchmark(Baseline = true), BenchmarkCategory("Exp")]
    public void TensorPrimitivesExp() => TensorPrimitives.Exp(_x, _y);

    [Benchmark, BenchmarkCategory("Exp")]
    public void ScalarExp()
    {
        ReadOnlySpan<float> x = _x;
        Span<float> y = _y;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Exp(x[i]);
        }
    }
}
