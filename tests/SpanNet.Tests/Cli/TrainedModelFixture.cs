using System;
using System.Globalization;
using System.Text.Json;
using SpanNet.Tests.IO;

namespace SpanNet.Tests.Cli;

/// <summary>A folder with the separable digits and a model trained on them by <c>spannet train --json</c>, shared by a test class.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TrainedModelFixture()
    {
        DataDirectory = _directory.CreateSubdirectory("mnist");
        SeparableDigits.WriteTo(DataDirectory);
        ModelPath = _directory.Combine("tiny.model");
        Train = CliRun.Of(TrainArguments(ModelPath));
        if (Train.ExitCode == 0)
        {
            Report = JsonDocument.Parse(Train.Out);
        }
    }

    public string DataDirectory { get; }

    public string ModelPath { get; }

    /// <summary>The training run that made <see cref="ModelPath"/>.</summary>
    internal CliRun Train { get; }

    /// <summary>Its JSON report, or null if it failed (the tests then say why).</summary>
    public JsonDocument? Report { get; }

    public string Combine(string name) => _directory.Combine(name);

    /// <summary>A small, fast configuration: 784-32-10, Adam, batches of 20, 4 epochs unless told otherwise.</summary>
    public string[] TrainArguments(string modelPath, int epochs = 4, params string[] extra) =>
    [
        "train", "--mnist-dir", DataDirectory, "--layers", "784-32-10", "--optimizer", "adam", "--lr", "0.01",
        "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--batch", "20", "--seed", "7", "--out", modelPath, "--json", .. extra,
    ];

    public void Dispose()
    {
        Report?.Dispose();
        _directory.Dispose();
    }
}
