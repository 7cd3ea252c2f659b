using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using SpanNet.Kernels.LowPrecision;
using SpanNet.Memory;
using SpanNet.Threading;

namespace SpanNet.Benchmarks;

/// <summary>
/// A 784×100 dense layer (MNIST's first) at inference, with its weights in fp32 (<c>SparseGemv</c> for one sample,
/// the packed GEMM plus a bias pass for a batch), bfloat16 and int8 (<see cref="Int8Affine"/> on the fastest path this
/// CPU has): one sample with a dense input and with 80 % zeros (an MNIST digit's share), and a batch of 256 dense rows,
/// all on one thread. Each run's int8 path is named in the <c>Int8Path</c> column.
/// </summary>
[MemoryDiagnoser]
public class LowPrecisionBenchmarks
{
    private const int Inputs = 784;
    private const int Outputs = 100;
    private const int Batch = 256;

    private readonly int _stride = SparseGemv.PaddedStride(Outputs);
    private float[] _weights = [];
    private float[] _dense = [];
    private float[] _sparse = [];
    private float[] _batch = [];
    private float[] _batchY = [];
    private AlignedBuffer? _paddedWeights;
    private AlignedBuffer? _paddedBias;
    private AlignedBuffer? _y;
    private AlignedBuffer? _paddedBatchY;
    private BFloat16Weights? _bfloat16;
    private Int8Weights? _int8;
    private byte[] _quantized = [];
    private int[] _sums = [];
    private GemmScratch? _scratch;

    public static IEnumerable<Int8Path> Paths => [Int8Affine.Fastest];

    /// <summary>The int8 path measured: the fastest this CPU has.</summary>
    [ParamsSource(nameof(Paths))]
    public Int8Path Int8Path { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = 1;
        var random = new Random(42);
        _weights = new float[Inputs * Outputs];
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = (random.NextSingle() - 0.5f) * 0.1f;
        }

        _dense = new float[Inputs];
        _sparse = new float[Inputs];
        for (int p = 0; p < Inputs; p++)
        {
            _dense[p] = random.NextSingle() + float.Epsilon;
            _sparse[p] = random.Next(100) < 80 ? 0f : _dense[p];
        }

        _batch = new float[Batch * Inputs];
        for (int i = 0; i < _batch.Length; i++)
        {
            _batch[i] = random.NextSingle() + float.Epsilon;
        }

        _batchY = new float[Batch * Outputs];
        _paddedWeights = new AlignedBuffer(Inputs * _stride);
        _paddedBias = new AlignedBuffer(_stride);
        _y = new AlignedBuffer(_stride);
        _paddedBatchY = new AlignedBuffer(Batch * _stride);

        for (int p = 0; p < Inputs; p++)
        {
            _weights.AsSpan(p * Outputs, Outputs).CopyTo(_paddedWeights.Span.Slice(p * _stride, Outputs));
        }

        _bfloat16 = BFloat16Weights.Round(_weights, Inputs, Outputs, Outputs);

        _int8 = Int8Weights.Quantize(_weights, Inputs, Outputs);
        _quantized = new byte[Int8Affine.QuantizedLength(_int8)];
        _sums = new int[_int8.Stride];
        _scratch = new GemmScratch();
        Int8Affine.Force(Int8Path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _paddedWeights?.Dispose();
        _paddedBias?.Dispose();
        _y?.Dispose();
        _paddedBatchY?.Dispose();
        _scratch?.Dispose();
        Int8Affine.Force(null);
    }

    [Benchmark(Baseline = true)]
    public void Fp32DenseInput() => SparseGemv.Affine(_dense, _paddedWeights!.Span, _stride, _paddedBias!.Span, _y!.Span);

    [Benchmark]
    public void BFloat16DenseInput() => BFloat16Affine.Single(_dense, _bfloat16!, _paddedBias!.Span, _y!.Span);

    [Benchmark]
    public void Int8DenseInput() => Int8Affine.Single(_dense, _int8!, _paddedBias!.Span, _y!.Span, _quantized, _sums);

    [Benchmark]
    public void Fp32EightyPercentZeros() => SparseGemv.Affine(_sparse, _paddedWeights!.Span, _stride, _paddedBias!.Span, _y!.Span);

    [Benchmark]
    public void BFloat16EightyPercentZeros() => BFloat16Affine.Single(_sparse, _bfloat16!, _paddedBias!.Span, _y!.Span);

    [Benchmark]
    public void Int8EightyPercentZeros() => Int8Affine.Single(_sparse, _int8!, _paddedBias!.Span, _y!.Span, _quantized, _sums);

    /// <summary>The fp32 batch as the session runs it: the packed GEMM, then the bias added to each row.</summary>
    [Benchmark]
    public void Fp32Batch256()
    {
        Gemm.MultiplyAdd(_batch, _weights, _batchY, Batch, Outputs, Inputs, scratch: _scratch);
        Bias.AddToRows(_paddedBias!.Span[..Outputs], _batchY, Batch, Outputs);
    }

    [Benchmark]
    public void BFloat16Batch256() => BFloat16Affine.Batch(_batch, Inputs, _bfloat16!, _paddedBias!.Span, _paddedBatchY!.Span, Batch);

    [Benchmark]
    public void Int8Batch256() => Int8Affine.Batch(_batch, Inputs, _int8!, _paddedBias!.Span, _paddedBatchY!.Span, Batch, _quantized, _sums);
}
