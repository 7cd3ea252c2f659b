using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks;

/// <summary>
/// Row-wise softmax: a batch of 10-class outputs (100×10), one wide row (1×1000) and a batch of wide rows (32×1000).
/// </summary>
[MemoryDiagnoser]
[ElementsPerNanosecondColumn]
public class SoftmaxBenchmarks
{
    private float[] _x = [];
    private float[] _y = [];

    public static IEnumerable<SoftmaxShape> Shapes =>
    [
        new SoftmaxShape(100, 10),
        new SoftmaxShape(1, 1000),
        new SoftmaxShape(32, 1000),
    ];

    [ParamsSource(nameof(Shapes))]
    public SoftmaxShape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Logits in [-8, 8): TensorPrimitives.SoftMax does not subtract the row maximum, so inputs must stay far
        // from exp overflow for all three versions to compute the same thing.
        var random = new Random(42);
        _x = new float[Shape.Elements];
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = (random.NextSingle() * 16f) - 8f;
        }

        _y = new float[Shape.Elements];
    }

    [Benchmark]
    public void SpanNetSoftmax() => Softmax.Rows(_x, _y, Shape.Rows, Shape.Columns);

    /// <summary>
    /// TensorPrimitives has no row-wise softmax, so one call per row. It skips the max subtraction (two passes
    /// instead of three, but exp is evaluated twice per element), so this is a speed comparison only: it overflows
    /// on logits above ~88 where the others do not.
    /// </summary>
    [Benchmark(Baseline = true)]
    public void TensorPrimitivesPerRow()
    {
        int columns = Shape.Columns;
        for (int i = 0; i < Shape.Rows; i++)
        {
            TensorPrimitives.SoftMax(_x.AsSpan(i * columns, columns), _y.AsSpan(i * columns, columns));
        }
    }

    /// <summary>The stable scalar version: max, exp of the difference with a running sum, then scale by 1/sum.</summary>
    [Benchmark]
    public void ScalarLoop()
    {
        int columns = Shape.Columns;
        for (int i = 0; i < Shape.Rows; i++)
        {
            ReadOnlySpan<float> x = _x.AsSpan(i * columns, columns);
            Span<float> y = _y.AsSpan(i * columns, columns);
            float max = float.NegativeInfinity;
            for (int j = 0; j < x.Length; j++)
            {
                max = MathF.Max(max, x[j]);
            }

            float sum = 0f;
            for (int j = 0; j < x.Length; j++)
            {
                float e = MathF.Exp(x[j] - max);
                y[j] = e;
                sum += e;
            }

            float inverse = 1f / sum;
            for (int j = 0; j < y.Length; j++)
            {
                y[j] *= inverse;
            }
        }
    }
}
