using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using SpanNet.Data;
using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Latency;

/// <summary>
/// Single-sample inference latency of an <see cref="InferenceSession"/>: p50/p99/p99.9 over 10⁵ calls, each timed on
/// its own with <see cref="Stopwatch.GetTimestamp"/>, with the GC counts and allocated bytes before and after. Beside
/// the native 784-100-10 run rows of the same network exported to ONNX and imported again (the same weights, so any
/// difference would be the import's), and of a real PyTorch export from tests/fixtures/onnx when it is found.
/// </summary>
internal static class Program
{
    private const int Calls = 100_000;
    private const int WarmUpCalls = 20_000;
    private const int DistinctInputs = 1000;
    private const int Pixels = MnistDataset.PixelsPerImage;

    private static async Task<int> Main(string[] args)
    {
        if (Array.IndexOf(args, "--idle") >= 0)
        {
            IdleCpu.Report();
            return 0;
        }

        int precision = Array.IndexOf(args, "--precision");
        if (precision >= 0)
        {
            // --precision [epochs]: accuracy and speed of the fp32, bfloat16 and int8 kernels on trained networks.
            int epochs = precision + 1 < args.Length ? int.Parse(args[precision + 1], CultureInfo.InvariantCulture) : 3;
            LowPrecisionReport.Run(await new MnistFetcher().LoadAsync().ConfigureAwait(false), epochs);
            return 0;
        }

        bool denseOnly = Array.IndexOf(args, "--dense-only") >= 0;
        Console.WriteLine($"SpanNet single-sample inference latency, {Calls:N0} calls per row, one thread");
        Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInfo()}");
        Console.WriteLine($"timer: Stopwatch at {Stopwatch.Frequency:N0} Hz; an empty timed call reads {TimerOverheadNanoseconds():F0} ns (included below)");

        // MNIST digits are ~81 % exact zeros, which the session skips; uniform inputs have none and show the dense cost.
        MnistDataset? mnist = denseOnly ? null : await TryLoadMnistAsync().ConfigureAwait(false);
        float[] dense = UniformInputs(DistinctInputs * Pixels, seed: 7);

        Console.WriteLine();
        Console.WriteLine("| network | inputs | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | GCs gen0/1/2 | bytes allocated |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (int[] hidden in new[] { new[] { 100 }, new[] { 256, 128 } })
        {
            using Network network = Build(hidden);
            string name = "784-" + string.Join('-', hidden) + "-10";
            if (mnist is not null)
            {
                // One epoch of training gives realistic weights (and so a realistic share of ReLU zeros).
                Train(network, mnist.Train);
            }

            InferenceModel model = InferenceModel.FromNetwork(network);
            if (mnist is not null)
            {
                Report(name, "MNIST test digits", model, mnist.Test.Features[..(DistinctInputs * Pixels)].ToArray());
            }

            Report(name, "uniform [0,1), no zeros", model, dense);
            if (hidden.Length == 1)
            {
                using Network imported = OnnxImporter.Import(new MemoryStream(OnnxExporter.ToBytes(network)));
                InferenceModel importedModel = InferenceModel.FromNetwork(imported);
                if (mnist is not null)
                {
                    Report(name + " imported from ONNX", "MNIST test digits", importedModel, mnist.Test.Features[..(DistinctInputs * Pixels)].ToArray());
                }

                Report(name + " imported from ONNX", "uniform [0,1), no zeros", importedModel, dense);
                ReportPyTorchFixture(mnist, dense);
            }
        }

        return 0;
    }

    /// <summary>The committed torch.onnx.export of an (untrained) 784-100-10, if the repository is above the working directory.</summary>
    private static void ReportPyTorchFixture(MnistDataset? mnist, float[] dense)
    {
        string? folder = Directory.GetCurrentDirectory();
        while (folder is not null && !File.Exists(Path.Combine(folder, "tests", "fixtures", "onnx", "relu_784_100_10_opset13.onnx")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        if (folder is null)
        {
            return;
        }

        using Network torch = OnnxImporter.Import(Path.Combine(folder, "tests", "fixtures", "onnx", "relu_784_100_10_opset13.onnx"));
        InferenceModel model = InferenceModel.FromNetwork(torch);
        const string Name = "784-100-10 PyTorch export (untrained)";
        if (mnist is not null)
        {
            Report(Name, "MNIST test digits", model, mnist.Test.Features[..(DistinctInputs * Pixels)].ToArray());
        }

        Report(Name, "uniform [0,1), no zeros", model, dense);
    }

    private static void Report(string network, string inputs, InferenceModel model, ReadOnlyMemory<float> samples)
    {
        using InferenceSession session = model.CreateSession();
        var probabilities = new float[model.Outputs];
        ReadOnlySpan<float> all = samples.Span;
        for (int i = 0; i < WarmUpCalls; i++)
        {
            session.Predict(all.Slice(i % DistinctInputs * Pixels, Pixels), probabilities);
        }

        var ticks = new long[Calls];
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            ReadOnlySpan<float> sample = all.Slice(i % DistinctInputs * Pixels, Pixels);
            long start = Stopwatch.GetTimestamp();
            session.Predict(sample, probabilities);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        string collections = $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}";
        Array.Sort(ticks);
        Console.WriteLine(
            $"| {network} | {inputs} | {Micro(ticks, 0.50)} | {Micro(ticks, 0.90)} | {Micro(ticks, 0.99)} | {Micro(ticks, 0.999)} | " +
            $"{Micro(ticks, 1.0)} | {collections} | {allocated} |");
    }

    /// <summary>The <paramref name="quantile"/> of sorted tick counts, in microseconds (nearest rank).</summary>
    private static string Micro(long[] sorted, double quantile)
    {
        int index = Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1);
        return (sorted[Math.Max(index, 0)] * 1e6 / Stopwatch.Frequency).ToString("F2", CultureInfo.InvariantCulture);
    }

    private static double TimerOverheadNanoseconds()
    {
        var ticks = new long[Calls];
        for (int i = 0; i < Calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        return ticks[Calls / 2] * 1e9 / Stopwatch.Frequency;
    }

    private static Network Build(int[] hidden)
    {
        var builder = new NetworkBuilder(Pixels);
        foreach (int width in hidden)
        {
            builder.Dense(width, Activation.Relu);
        }

        return builder.Dense(MnistDataset.Classes).Build(seed: 42);
    }

    private static void Train(Network network, LabeledDataset train)
    {
        using var optimizer = new Momentum(network.Parameters.Length, learningRate: 0.1f);
        using var trainer = new Trainer(network, optimizer, new TrainerOptions { Epochs = 1, BatchSize = 100 });
        trainer.Fit(train);
    }

    private static async Task<MnistDataset?> TryLoadMnistAsync()
    {
        try
        {
            return await new MnistFetcher().LoadAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Console.WriteLine($"MNIST unavailable ({e.Message}); measuring uniform inputs only.");
            return null;
        }
    }

    private static float[] UniformInputs(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }

    private static string RuntimeInfo() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
        $"Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}, Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}";
}
