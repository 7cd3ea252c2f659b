using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using SpanNet.Data;
using SpanNet.Kernels;
using SpanNet.Kernels.LowPrecision;
using SpanNet.Layers;
using SpanNet.Memory;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Latency;

/// <summary>
/// <c>--precision</c>: MNIST test accuracy, single-sample latency and batch-256 time of a trained ReLU network with its
/// dense layers' weights in fp32 (<c>SparseGemv</c> for one sample and the packed GEMM plus a bias pass for a batch, the inference session's kernels), bfloat16 and int8
/// (<c>BFloat16Affine</c>, <c>Int8Affine</c> on the fastest path here), each network run as a chain of those kernels
/// and ReLU, the class read as the argmax of the last layer. Same weights, same inputs, one thread.
/// </summary>
internal static class LowPrecisionReport
{
    private const int Calls = 50_000;
    private const int BatchRows = 256;
    private const int Pixels = MnistDataset.PixelsPerImage;

    private enum Precision
    {
        Fp32,
        BFloat16,
        Int8,
    }

    public static void Run(MnistDataset mnist, int epochs)
    {
        Console.WriteLine($"int8 path: {Int8Affine.Fastest}; networks trained {epochs} epochs (momentum 0.1, batch 100, seed 42)");
        Console.WriteLine();
        Console.WriteLine("| network | precision | MNIST test accuracy % | p50 µs dense input | p50 µs MNIST digit | batch 256 µs (best of 50) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        float[] dense = new float[Pixels];
        var random = new Random(7);
        for (int i = 0; i < dense.Length; i++)
        {
            dense[i] = random.NextSingle() + float.Epsilon;
        }

        foreach (int[] hidden in new[] { new[] { 100 }, new[] { 256, 128 } })
        {
            var builder = new NetworkBuilder(Pixels);
            foreach (int width in hidden)
            {
                builder.Dense(width, Activation.Relu);
            }

            using Network network = builder.Dense(MnistDataset.Classes).Build(seed: 42);
            using (var optimizer = new Momentum(network.Parameters.Length, learningRate: 0.1f))
            using (var trainer = new Trainer(network, optimizer, new TrainerOptions { Epochs = epochs, BatchSize = 100 }))
            {
                trainer.Fit(mnist.Train);
            }

            string name = "784-" + string.Join('-', hidden) + "-10";
            foreach (Precision precision in Enum.GetValues<Precision>())
            {
                var chain = new Chain(network, precision);
                float accuracy = chain.Accuracy(mnist.Test);
                double denseP50 = chain.MedianMicroseconds(dense);
                double digitP50 = chain.MedianMicroseconds(mnist.Test.Features[..Pixels].ToArray());
                double batch = chain.BatchMicroseconds(mnist.Test.Features[..(BatchRows * Pixels)].ToArray());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {precision} | {accuracy * 100:F2} | {denseP50:F2} | {digitP50:F2} | {batch:F0} |"));
            }
        }
    }

    /// <summary>A network's dense layers at one precision, with ReLU between them, and the buffers to run them.</summary>
    private sealed class Chain
    {
        private readonly Precision _precision;
        private readonly List<(int Inputs, int Stride, float[] Fp32, ushort[] BFloat16, Int8Weights? Int8, float[] Bias, bool Relu)> _layers = [];
        private readonly float[] _a;
        private readonly float[] _b;
        private readonly byte[] _quantized;
        private readonly int[] _sums;
        private readonly GemmScratch _scratch = new();

        public Chain(Network network, Precision precision)
        {
            _precision = precision;
            int widest = Pixels, quantized = 0;
            for (int i = 0; i < network.Layers.Count; i++)
            {
                if (network.Layers[i] is not Dense dense)
                {
                    continue;
                }

                int stride = SparseGemv.PaddedStride(dense.Outputs);
                float[] weights = network.Weights(i).ToArray();
                var padded = new float[dense.Inputs * stride];
                var bfloat16 = new ushort[dense.Inputs * stride];
                for (int p = 0; p < dense.Inputs; p++)
                {
                    weights.AsSpan(p * dense.Outputs, dense.Outputs).CopyTo(padded.AsSpan(p * stride));
                    BFloat16.FromSingle(weights.AsSpan(p * dense.Outputs, dense.Outputs), bfloat16.AsSpan(p * stride, dense.Outputs));
                }

                var bias = new float[stride];
                network.Biases(i).CopyTo(bias);
                bool relu = i + 1 < network.Layers.Count && network.Layers[i + 1] is ActivationLayer { Activation: Activation.Relu };
                Int8Weights int8 = Int8Weights.Quantize(weights, dense.Inputs, dense.Outputs);
                _layers.Add((dense.Inputs, stride, padded, bfloat16, int8, bias, relu));
                widest = Math.Max(widest, stride);
                quantized = Math.Max(quantized, Int8Affine.QuantizedLength(int8));
            }

            _a = new float[BatchRows * widest];
            _b = new float[BatchRows * widest];
            _quantized = new byte[quantized];
            _sums = new int[widest];
        }

        public float Accuracy(LabeledDataset test)
        {
            int correct = 0;
            for (int s = 0; s < test.Count; s++)
            {
                ReadOnlySpan<float> output = Single(test.Features.Slice(s * Pixels, Pixels));
                correct += Reductions.ArgMax(output) == test.Labels[s] ? 1 : 0;
            }

            return (float)correct / test.Count;
        }

        public double MedianMicroseconds(float[] sample)
        {
            for (int i = 0; i < Calls / 5; i++)
            {
                Single(sample);
            }

            var ticks = new long[Calls];
            for (int i = 0; i < Calls; i++)
            {
                long start = Stopwatch.GetTimestamp();
                Single(sample);
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }

            Array.Sort(ticks);
            return ticks[Calls / 2] * 1e6 / Stopwatch.Frequency;
        }

        public double BatchMicroseconds(float[] rows)
        {
            long best = long.MaxValue;
            for (int i = 0; i < 60; i++)
            {
                long start = Stopwatch.GetTimestamp();
                Batch(rows);
                long elapsed = Stopwatch.GetTimestamp() - start;
                best = i < 10 ? best : Math.Min(best, elapsed);
            }

            return best * 1e6 / Stopwatch.Frequency;
        }

        /// <summary>The last layer's outputs (its real width) for one sample.</summary>
        private ReadOnlySpan<float> Single(ReadOnlySpan<float> sample)
        {
            ReadOnlySpan<float> input = sample;
            float[] next = _a;
            int outputs = 0;
            foreach (var layer in _layers)
            {
                Span<float> y = next.AsSpan(0, layer.Stride);
                switch (_precision)
                {
                    case Precision.Fp32: SparseGemv.Affine(input[..layer.Inputs], layer.Fp32, layer.Stride, layer.Bias, y); break;
                    case Precision.BFloat16: BFloat16Affine.Single(input[..layer.Inputs], layer.BFloat16, layer.Stride, layer.Bias, y); break;
                    default: Int8Affine.Single(input[..layer.Inputs], layer.Int8!, layer.Bias, y, _quantized, _sums); break;
                }

                if (layer.Relu)
                {
                    Activations.Relu(y, y);
                }

                input = y;
                outputs = layer.Stride;
                next = next == _a ? _b : _a;
            }

            return input[..Math.Min(outputs, MnistDataset.Classes)];
        }

        /// <summary>Every row of <paramref name="rows"/> (BatchRows of them) through the chain's batched kernels.</summary>
        private void Batch(float[] rows)
        {
            ReadOnlySpan<float> input = rows;
            int inputStride = Pixels;
            float[] next = _a;
            foreach (var layer in _layers)
            {
                Span<float> y = next.AsSpan(0, BatchRows * layer.Stride);
                switch (_precision)
                {
                    case Precision.Fp32:
                        // The batched session's way: the packed GEMM over the padded weights, then the bias per row.
                        Gemm.MultiplyAdd(
                            new ReadOnlyMatrixView(input[..(((BatchRows - 1) * inputStride) + layer.Inputs)], BatchRows, layer.Inputs, inputStride),
                            new ReadOnlyMatrixView(layer.Fp32, layer.Inputs, layer.Stride),
                            new MatrixView(y, BatchRows, layer.Stride),
                            scratch: _scratch);
                        Bias.AddToRows(layer.Bias, y, BatchRows, layer.Stride);
                        break;
                    case Precision.BFloat16: BFloat16Affine.Batch(input, inputStride, layer.Inputs, layer.BFloat16, layer.Stride, layer.Bias, y, BatchRows); break;
                    default: Int8Affine.Batch(input, inputStride, layer.Int8!, layer.Bias, y, BatchRows, _quantized, _sums); break;
                }

                if (layer.Relu)
                {
                    Activations.Relu(y, y);
                }

                input = y;
                inputStride = layer.Stride;
                next = next == _a ? _b : _a;
            }
        }
    }
}
