using System;
using System.Diagnostics;
using System.Globalization;
using SpanNet.Data;
using SpanNet.Inference;
using SpanNet.Kernels.LowPrecision;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Latency;

/// <summary>
/// <c>--precision</c>: MNIST test accuracy, single-sample latency and the time of a 256-row <c>Predict</c> of a trained
/// ReLU network frozen as an <see cref="InferenceModel"/> at each <see cref="WeightPrecision"/> (fp32:
/// <c>SparseGemv</c>; bf16: <c>BFloat16Affine</c>; int8: <c>Int8Affine</c> on the fastest path here), the class read as
/// <see cref="InferenceSession.Classify"/>. Same weights, same inputs, one thread; the 256-row batches are MNIST test
/// digits (about 80 % zeros) and dense random rows. A session's batch runs row by row
/// through the single-sample path (so each row's answer is the single-sample one); the batched kernels alone are
/// measured by <c>LowPrecisionBenchmarks</c>.
/// </summary>
internal static class LowPrecisionReport
{
    private const int Calls = 50_000;
    private const int BatchRows = 256;
    private const int Pixels = MnistDataset.PixelsPerImage;

    public static void Run(MnistDataset mnist, int epochs)
    {
        Console.WriteLine($"int8 path: {Int8Affine.Fastest}; networks trained {epochs} epochs (momentum 0.1, batch 100, seed 42)");
        Console.WriteLine();
        Console.WriteLine("| network | precision | MNIST test accuracy % | p50 µs dense input | p50 µs MNIST digit | session batch 256 µs (best of 50) | session batch 256 dense rows µs (best of 50) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        float[] dense = new float[Pixels];
        var random = new Random(7);
        for (int i = 0; i < dense.Length; i++)
        {
            dense[i] = random.NextSingle() + float.Epsilon;
        }

        // The dense input's kind of row, 256 of them: what a batch of non-image features looks like (no zeros to skip).
        float[] denseRows = new float[BatchRows * Pixels];
        for (int i = 0; i < denseRows.Length; i++)
        {
            denseRows[i] = random.NextSingle() + float.Epsilon;
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
            foreach (WeightPrecision precision in Enum.GetValues<WeightPrecision>())
            {
                using InferenceSession session = InferenceModel.FromNetwork(network, precision).CreateSession();
                float accuracy = Accuracy(session, mnist.Test);
                double denseP50 = MedianMicroseconds(session, dense);
                double digitP50 = MedianMicroseconds(session, mnist.Test.Features[..Pixels].ToArray());
                double batch = BatchMicroseconds(session, mnist.Test.Features[..(BatchRows * Pixels)].ToArray());
                double denseBatch = BatchMicroseconds(session, denseRows);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {precision} | {accuracy * 100:F2} | {denseP50:F2} | {digitP50:F2} | {batch:F0} | {denseBatch:F0} |"));
            }
        }
    }

    private static float Accuracy(InferenceSession session, LabeledDataset test)
    {
        int correct = 0;
        for (int s = 0; s < test.Count; s++)
        {
            correct += session.Classify(test.Features.Slice(s * Pixels, Pixels)) == test.Labels[s] ? 1 : 0;
        }

        return (float)correct / test.Count;
    }

    private static double MedianMicroseconds(InferenceSession session, float[] sample)
    {
        var output = new float[MnistDataset.Classes];
        for (int i = 0; i < Calls / 5; i++)
        {
            session.Predict(sample, output);
        }

        var ticks = new long[Calls];
        for (int i = 0; i < Calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            session.Predict(sample, output);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        return ticks[Calls / 2] * 1e6 / Stopwatch.Frequency;
    }

    private static double BatchMicroseconds(InferenceSession session, float[] rows)
    {
        var outputs = new float[BatchRows * MnistDataset.Classes];
        long best = long.MaxValue;
        for (int i = 0; i < 60; i++)
        {
            long start = Stopwatch.GetTimestamp();
            session.Predict(rows, outputs, BatchRows);
            long elapsed = Stopwatch.GetTimestamp() - start;
            best = i < 10 ? best : Math.Min(best, elapsed);
        }

        return best * 1e6 / Stopwatch.Frequency;
    }
}
