using System;
using System.IO;
using Microsoft.ML.OnnxRuntime;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.PeerTests;

/// <summary>
/// Import → SpanNet export → ONNX Runtime: ORT running SpanNet's re-export of every committed PyTorch / onnx.helper
/// fixture (tests/fixtures/onnx, and issue #17's layer patterns in tests/fixtures/onnx-layers) predicts what the
/// imported network predicts, within 1e-5; also after fine-tuning in SpanNet.
/// </summary>
public class OnnxImportRuntimeEquivalenceTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Fixtures()
    {
        var names = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx"), "*.onnx"))
        {
            names.Add(Path.GetFileNameWithoutExtension(path));
        }

        return names;
    }

    /// <summary>The layer-pattern fixtures that import (names.txt; the training-mode BatchNorm files are refused).</summary>
    public static TheoryData<string> LayerFixtures() =>
        [.. Array.FindAll(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx-layers", "names.txt")), line => line.Length > 0)];

    [Theory]
    [MemberData(nameof(LayerFixtures))]
    public void Onnx_runtime_runs_the_reexport_of_an_imported_layer_pattern_as_spannet_does(string name)
    {
        using Network network = OnnxImporter.Import(Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx-layers", name + ".onnx"));
        AssertRuntimeMatches(network, name);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Onnx_runtime_runs_the_reexport_of_an_imported_model_as_spannet_does(string name)
    {
        using Network network = OnnxImporter.Import(Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", name + ".onnx"));
        AssertRuntimeMatches(network, name);
    }

    [Fact]
    public void Onnx_runtime_reproduces_the_outputs_of_a_fine_tuned_import()
    {
        using Network network = OnnxImporter.Import(Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", "finetune_784_32_10_opset13.onnx"));
        var random = new Random(5);
        const int Samples = 200;
        var features = new float[Samples * 784];
        var labels = new int[Samples];
        for (int s = 0; s < Samples; s++)
        {
            labels[s] = random.Next(10);
            for (int p = 0; p < 784; p++)
            {
                features[(s * 784) + p] = (p % 10 == labels[s] ? 0.8f : 0f) + (0.2f * random.NextSingle());
            }
        }

        using var trainer = new Trainer(network, new Sgd(network.Parameters.Length, 0.05f), new TrainerOptions { Epochs = 1, BatchSize = 20 });
        LabeledDataset data = LabeledDataset.FromLabels(features, 784, labels, 10);
        float before = trainer.Evaluate(data).Loss;
        trainer.Fit(data);
        Assert.True(trainer.Evaluate(data).Loss < before);
        AssertRuntimeMatches(network, "fine-tuned");
    }

    private static void AssertRuntimeMatches(Network network, string what)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(OnnxExporter.ToBytes(network), options);
        foreach (int batch in new[] { 1, 7 })
        {
            var random = new Random(batch);
            var inputs = new float[batch * network.Inputs];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = i % 4 == 0 ? random.NextSingle() : 0f;
            }

            var expected = new float[batch * network.Outputs];
            using (Workspace workspace = network.CreateWorkspace(batch))
            {
                network.Predict(inputs, expected, batch, workspace);
            }

            using OrtValue input = OrtValue.CreateTensorValueFromMemory(inputs, [batch, network.Inputs]);
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [OnnxExporter.InputName], [input], [OnnxExporter.OutputName]);
            ReadOnlySpan<float> actual = results[0].GetTensorDataAsSpan<float>();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                double error = Math.Abs((double)actual[i] - expected[i]);
                Assert.True(error <= Tolerance + (Tolerance * Math.Abs(expected[i])), $"{what}, batch {batch}: output {i} is {actual[i]} in ONNX Runtime, {expected[i]} in SpanNet");
            }
        }
    }
}
