using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Data;
using SpanNet.Training.Optimizers;

namespace SpanNet.Cli;

/// <summary>The <c>spannet</c> command line. The only place in SpanNet that prints or times.</summary>
internal static class Program
{
    private const string Usage = """
        usage: spannet train [--epochs N] [--batch N] [--lr X] [--seed N] [--mnist-dir DIR] [--out FILE]
               spannet eval --model FILE [--mnist-dir DIR]
        train: 784-100-10 ReLU, softmax cross-entropy, SGD with momentum 0.9; defaults: 10 epochs, batch 100,
               lr 0.1, seed 42, model saved to spannet-mnist.model. MNIST is fetched and cached on first use.
        """;

    private static async Task<int> Main(string[] args)
    {
        try
        {
            string command = args.Length > 0 ? args[0] : "--help";
            Dictionary<string, string> options = ParseOptions(args.AsSpan(Math.Min(1, args.Length)));
            switch (command)
            {
                case "train":
                    return await TrainAsync(options).ConfigureAwait(false);
                case "eval":
                    return await EvaluateAsync(options).ConfigureAwait(false);
                case "--help" or "-h" or "help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"spannet: unknown command '{command}'. Run 'spannet --help'.");
                    return 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"spannet: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> TrainAsync(Dictionary<string, string> options)
    {
        int epochs = Integer(options, "epochs", 10);
        int batch = Integer(options, "batch", 100);
        int seed = Integer(options, "seed", 42);
        float learningRate = Real(options, "lr", 0.1f);
        string output = options.GetValueOrDefault("out", "spannet-mnist.model");
        MnistDataset mnist = await LoadMnistAsync(options).ConfigureAwait(false);
        LabeledDataset train = LabeledDataset.FromLabels(mnist.Train.Images, MnistDataset.PixelsPerImage, mnist.Train.Labels, MnistDataset.Classes);
        LabeledDataset test = LabeledDataset.FromLabels(mnist.Test.Images, MnistDataset.PixelsPerImage, mnist.Test.Labels, MnistDataset.Classes);

        using Network network = new NetworkBuilder(MnistDataset.PixelsPerImage).Dense(100, Activation.Relu).Dense(MnistDataset.Classes).Build(seed);
        using var optimizer = new Momentum(network.Parameters.Length, learningRate, 0.9f);
        using var trainer = new Trainer(network, optimizer, new TrainerOptions { Epochs = epochs, BatchSize = batch, Seed = seed });
        var observer = new EpochPrinter();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<EpochResult> history = trainer.Fit(train, test, observer);
        clock.Stop();
        ModelFile.Save(network, output);
        Console.WriteLine($"trained {history.Count} epochs in {clock.Elapsed.TotalSeconds:F1} s (including per-epoch evaluation); test accuracy {history[^1].ValidationAccuracy:P2}; model saved to {Path.GetFullPath(output)}");
        return 0;
    }

    private static async Task<int> EvaluateAsync(Dictionary<string, string> options)
    {
        if (!options.TryGetValue("model", out string? path))
        {
            throw new ArgumentException("eval needs --model FILE.");
        }

        using Network network = ModelFile.Load(path);
        MnistDataset mnist = await LoadMnistAsync(options).ConfigureAwait(false);
        LabeledDataset test = LabeledDataset.FromLabels(mnist.Test.Images, MnistDataset.PixelsPerImage, mnist.Test.Labels, MnistDataset.Classes);
        using var unused = new Sgd(network.Parameters.Length);
        using var trainer = new Trainer(network, unused, new TrainerOptions { BatchSize = 500 });
        Evaluation result = trainer.Evaluate(test);
        Console.WriteLine($"test accuracy {result.Accuracy:P2}, loss {result.Loss:F4} on {test.Count} images");
        return 0;
    }

    private static Task<MnistDataset> LoadMnistAsync(Dictionary<string, string> options)
    {
        var fetcher = new MnistFetcher(new MnistFetchOptions
        {
            LocalDirectory = options.GetValueOrDefault("mnist-dir"),
            Log = message => Console.Error.WriteLine($"mnist: {message}"),
        });
        return fetcher.LoadAsync();
    }

    private static Dictionary<string, string> ParseOptions(ReadOnlySpan<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--name value', found '{args[i]}'.");
            }

            options[args[i][2..]] = args[++i];
        }

        return options;
    }

    private static int Integer(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static float Real(Dictionary<string, string> options, string name, float fallback) =>
        options.TryGetValue(name, out string? text) ? float.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Prints one line per epoch.</summary>
    private sealed class EpochPrinter : ITrainingObserver
    {
        private readonly Stopwatch _epochClock = Stopwatch.StartNew();

        public void OnIteration(int epoch, int step, int stepsPerEpoch, float loss)
        {
        }

        public void OnEpochEnd(in EpochResult result)
        {
            Console.WriteLine($"epoch {result.Epoch,2}: train loss {result.TrainLoss:F4}, train accuracy {result.TrainAccuracy:P2}, test accuracy {result.ValidationAccuracy:P2}, {_epochClock.Elapsed.TotalSeconds:F2} s");
            _epochClock.Restart();
        }
    }
}
