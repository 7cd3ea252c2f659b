using System;
using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using SpanNet.Memory;

namespace SpanNet.Benchmarks;

/// <summary>
/// One sample through a 784×100 dense layer: the general GEMM's direct one-row path over W as stored, against the
/// inference kernel (<c>SparseGemv.Affine</c>) over W with rows padded to whole cache lines, fed a dense input and an
/// input that is 80 % zeros (an MNIST digit's share), whose weight rows it skips.
/// </summary>
[MemoryDiagnoser]
public class SparseGemvBenchmarks
{
    private const int Inputs = 784;
    private const int Outputs = 100;

    private readonly float[] _weights = new float[Inputs * Outputs];
    private readonly float[] _y = new float[Outputs];
    private float[] _dense = [];
    private float[] _sparse = [];
    private AlignedBuffer? _paddedWeights;
    private AlignedBuffer? _paddedBias;
    private AlignedBuffer? _paddedY;
    private int _stride;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = random.NextSingle() - 0.5f;
        }

        _dense = new float[Inputs];
        _sparse = new float[Inputs];
        for (int p = 0; p < Inputs; p++)
        {
            _dense[p] = random.NextSingle() + float.Epsilon;
            _sparse[p] = random.Next(100) < 80 ? 0f : _dense[p];
        }

        _stride = SparseGemv.PaddedStride(Outputs);
        _paddedWeights = new AlignedBuffer(Inputs * _stride);
        _paddedBias = new AlignedBuffer(_stride);
        _paddedY = new AlignedBuffer(_stride);
        for (int p = 0; p < Inputs; p++)
        {
            _weights.AsSpan(p * Outputs, Outputs).CopyTo(_paddedWeights.Span.Slice(p * _stride, Outputs));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _paddedWeights?.Dispose();
        _paddedBias?.Dispose();
        _paddedY?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void GemmDirectRow() => Gemm.MultiplyAdd(_dense, _weights, _y, 1, Outputs, Inputs);

    [Benchmark]
    public void PaddedDenseInput() => SparseGemv.Affine(_dense, _paddedWeights!.Span, _stride, _paddedBias!.Span, _paddedY!.Span);

    [Benchmark]
    public void PaddedInputEightyPercentZeros() => SparseGemv.Affine(_sparse, _paddedWeights!.Span, _stride, _paddedBias!.Span, _paddedY!.Span);
}
