using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SpanNet.Data;
using Xunit;

namespace SpanNet.Tests.Cli;

/// <summary>train → model file → eval → predict, run in-process on the separable digits, with exit codes and JSON checked.</summary>
public class CliCommandTests : IClassFixture<TrainedModelFixture>
{
    /// <summary>
    /// Each digit lights rows no other digit lights, so 784-32-10 should classify the held-out set perfectly after a few
    /// epochs; 95 % leaves room for an unlucky initialisation without letting a broken pipeline through (chance is 10 %).
    /// </summary>
    private const double SeparableAccuracyBound = 0.95;

    private readonly TrainedModelFixture _fixture;

    public CliCommandTests(TrainedModelFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void Train_json_prints_one_object_and_saves_the_model_and_its_curves()
    {
        Assert.True(_fixture.Train.ExitCode == 0, _fixture.Train.ToString());
        JsonElement report = _fixture.Report!.RootElement;
        Assert.Equal(JsonValueKind.Object, report.ValueKind);
        Assert.Equal(4, report.GetProperty("epochs").GetInt32());
        Assert.Equal(4, report.GetProperty("trainSecondsPerEpoch").GetArrayLength());
        Assert.Equal(4, report.GetProperty("history").GetArrayLength());
        Assert.True(report.GetProperty("samplesPerSecond").GetDouble() > 0);
        Assert.True(report.GetProperty("seconds").GetDouble() >= report.GetProperty("trainSeconds").GetDouble());
        Assert.Equal(Path.GetFullPath(_fixture.ModelPath), report.GetProperty("model").GetString());
        Assert.True(File.Exists(_fixture.ModelPath));
        string plot = report.GetProperty("plot").GetString()!;
        Assert.EndsWith(".svg", plot, StringComparison.Ordinal);
        Assert.Contains("<svg", File.ReadAllText(plot), StringComparison.Ordinal);

        // --mnist-dir is read as is, and the log (on stderr, not stdout) says so.
        Assert.Contains("not checked against the published SHA-256", _fixture.Train.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_trained_on_separable_digits_classifies_the_test_set_above_the_bound()
    {
        Assert.True(_fixture.Train.ExitCode == 0, _fixture.Train.ToString());
        double accuracy = _fixture.Report!.RootElement.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= SeparableAccuracyBound, $"test accuracy {accuracy} is below {SeparableAccuracyBound}");
    }

    [Fact]
    public void Train_with_elu_hidden_layers_saves_elu_layers_that_eval_and_export_read()
    {
        string model = _fixture.Combine($"elu-{Guid.NewGuid():N}.model");
        CliRun train = CliRun.Of(_fixture.TrainArguments(model, 2, "--activation", "elu"));
        Assert.True(train.ExitCode == 0, train.ToString());
        using (SpanNet.Networks.Network saved = SpanNet.IO.ModelFile.Load(model))
        {
            var hidden = Assert.IsType<SpanNet.Layers.ActivationLayer>(saved.Layers[1]);
            Assert.Equal(SpanNet.Layers.Activation.Elu, hidden.Activation);
        }

        CliRun eval = CliRun.Of("eval", "--model", model, "--mnist-dir", _fixture.DataDirectory);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        string onnxPath = model + ".onnx";
        CliRun export = CliRun.Of("export", "--model", model, "--onnx", onnxPath);
        Assert.True(export.ExitCode == 0, export.ToString());
        SpanNet.Onnx.Protobuf.GraphProto graph = SpanNet.Onnx.Protobuf.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath)).Graph;
        Assert.Contains(graph.Node, node => node.OpType == "Elu");
    }

    [Fact]
    public void Train_with_batch_norm_gelu_and_dropout_saves_those_layers_that_eval_and_export_read()
    {
        string model = _fixture.Combine($"bn-{Guid.NewGuid():N}.model");
        CliRun train = CliRun.Of(_fixture.TrainArguments(model, 2, "--activation", "gelu", "--batch-norm", "--dropout", "0.2"));
        Assert.True(train.ExitCode == 0, train.ToString());
        using (SpanNet.Networks.Network saved = SpanNet.IO.ModelFile.Load(model))
        {
            Assert.Equal(
                [SpanNet.Layers.LayerKind.Dense, SpanNet.Layers.LayerKind.BatchNorm, SpanNet.Layers.LayerKind.Activation, SpanNet.Layers.LayerKind.Dropout, SpanNet.Layers.LayerKind.Dense],
                saved.Layers.Select(layer => layer.Kind));
            Assert.Equal(SpanNet.Layers.Activation.Gelu, Assert.IsType<SpanNet.Layers.ActivationLayer>(saved.Layers[2]).Activation);
            Assert.Equal(0.2f, Assert.IsType<SpanNet.Layers.Dropout>(saved.Layers[3]).Probability);

            // Two epochs of batch statistics moved the running mean away from its initial zeros.
            Span<float> runningStatistics = saved.LayerState(1);
            Assert.Contains(runningStatistics[..(runningStatistics.Length / 2)].ToArray(), value => value != 0f);
        }

        CliRun eval = CliRun.Of("eval", "--model", model, "--mnist-dir", _fixture.DataDirectory);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        string onnxPath = model + ".onnx";
        CliRun export = CliRun.Of("export", "--model", model, "--onnx", onnxPath);
        Assert.True(export.ExitCode == 0, export.ToString());
        SpanNet.Onnx.Protobuf.GraphProto graph = SpanNet.Onnx.Protobuf.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath)).Graph;
        Assert.Contains(graph.Node, node => node.OpType == "BatchNormalization");
        Assert.Contains(graph.Node, node => node.OpType == "Erf");
    }

    [Fact]
    public void Export_writes_an_onnx_model_whose_weights_are_the_saved_models()
    {
        string onnxPath = Path.Combine(_fixture.DataDirectory, $"export-{Guid.NewGuid():N}.onnx");
        CliRun export = CliRun.Of("export", "--model", _fixture.ModelPath, "--onnx", onnxPath);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains(onnxPath, export.Out, StringComparison.Ordinal);
        using SpanNet.Networks.Network saved = SpanNet.IO.ModelFile.Load(_fixture.ModelPath);
        SpanNet.Onnx.Protobuf.GraphProto graph = SpanNet.Onnx.Protobuf.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath)).Graph;
        Assert.Equal(saved.Weights(0).ToArray(), graph.Initializer[0].FloatData);

        CliRun missing = CliRun.Of("export", "--model", onnxPath + ".absent", "--onnx", onnxPath);
        Assert.Equal(1, missing.ExitCode);
        Assert.Single(missing.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Eval_json_reproduces_the_accuracy_train_reported_with_a_full_confusion_matrix()
    {
        CliRun eval = CliRun.Of("eval", "--model", _fixture.ModelPath, "--mnist-dir", _fixture.DataDirectory, "--json");

        Assert.True(eval.ExitCode == 0, eval.ToString());
        using JsonDocument document = JsonDocument.Parse(eval.Out);
        JsonElement report = document.RootElement;
        Assert.Equal(_fixture.Report!.RootElement.GetProperty("accuracy").GetDouble(), report.GetProperty("accuracy").GetDouble());
        Assert.Equal(SeparableDigits.TestCount, report.GetProperty("samples").GetInt32());
        Assert.Equal(MnistDataset.Classes, report.GetProperty("perClassAccuracy").GetArrayLength());
        int total = 0;
        foreach (JsonElement row in report.GetProperty("confusionMatrix").EnumerateArray())
        {
            Assert.Equal(MnistDataset.Classes, row.GetArrayLength());
            foreach (JsonElement count in row.EnumerateArray())
            {
                total += count.GetInt32();
            }
        }

        Assert.Equal(SeparableDigits.TestCount, total);
    }

    [Fact]
    public void Eval_prints_accuracy_and_an_aligned_confusion_matrix()
    {
        CliRun eval = CliRun.Of("eval", "--model", _fixture.ModelPath, "--mnist-dir", _fixture.DataDirectory);

        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("test accuracy", eval.Out, StringComparison.Ordinal);
        string[] rows = Array.FindAll(eval.Out.Split('\n'), line => line.Contains('│', StringComparison.Ordinal));
        Assert.Equal(1 + MnistDataset.Classes, rows.Length);
        int bar = rows[0].IndexOf('│', StringComparison.Ordinal);
        Assert.All(rows, row => Assert.Equal(bar, row.IndexOf('│', StringComparison.Ordinal)));
        Assert.All(rows, row => Assert.Equal(rows[0].TrimEnd().Length, row.TrimEnd().Length));
    }

    [Fact]
    public void Predict_json_on_idx_images_gives_probabilities_that_sum_to_one_and_the_right_digits()
    {
        string images = Path.Combine(_fixture.DataDirectory, MnistDataset.TestImagesFileName);
        string labels = Path.Combine(_fixture.DataDirectory, MnistDataset.TestLabelsFileName);
        CliRun predict = CliRun.Of("predict", "--model", _fixture.ModelPath, "--images", images, "--labels", labels, "--index", "10", "--count", "10", "--json");

        Assert.True(predict.ExitCode == 0, predict.ToString());
        using JsonDocument document = JsonDocument.Parse(predict.Out);
        JsonElement predictions = document.RootElement.GetProperty("predictions");
        Assert.Equal(10, predictions.GetArrayLength());
        int correct = 0;
        foreach (JsonElement prediction in predictions.EnumerateArray())
        {
            double sum = 0;
            foreach (JsonElement p in prediction.GetProperty("probabilities").EnumerateArray())
            {
                sum += p.GetDouble();
            }

            Assert.Equal(1.0, sum, 1e-5);
            correct += prediction.GetProperty("predicted").GetInt32() == prediction.GetProperty("label").GetInt32() ? 1 : 0;
        }

        Assert.True(correct >= 9, $"{correct} of 10 right");
    }

    [Fact]
    public void Predict_prints_a_table_for_many_images_and_bars_for_one()
    {
        string images = Path.Combine(_fixture.DataDirectory, MnistDataset.TestImagesFileName);
        CliRun many = CliRun.Of("predict", "--model", _fixture.ModelPath, "--images", images, "--count", "3");
        CliRun one = CliRun.Of("predict", "--model", _fixture.ModelPath, "--image", images, "--index", "4");

        Assert.True(many.ExitCode == 0, many.ToString());
        Assert.Equal(4, Array.FindAll(many.Out.Split('\n'), line => line.Contains('│', StringComparison.Ordinal)).Length);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("predicted 4", one.Out, StringComparison.Ordinal);
        Assert.Contains("◀", one.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_classifies_a_png_and_a_pgm_of_a_test_image_as_its_idx_original()
    {
        byte[] pixels = SeparableDigits.Image(6, new Random(3));
        string png = _fixture.Combine("six.png");
        string pgm = _fixture.Combine("six.pgm");
        File.WriteAllBytes(png, PngWriter.Gray(MnistDataset.ImageColumns, MnistDataset.ImageRows, pixels));
        File.WriteAllBytes(pgm, PgmWriter.Binary(MnistDataset.ImageColumns, MnistDataset.ImageRows, pixels));

        foreach (string picture in (string[])[png, pgm])
        {
            CliRun predict = CliRun.Of("predict", "--model", _fixture.ModelPath, "--image", picture, "--json");
            Assert.True(predict.ExitCode == 0, predict.ToString());
            using JsonDocument document = JsonDocument.Parse(predict.Out);
            Assert.Equal(6, document.RootElement.GetProperty("predictions")[0].GetProperty("predicted").GetInt32());
        }
    }

    [Fact]
    public void Train_without_json_prints_one_line_per_epoch_and_where_it_saved()
    {
        string model = _fixture.Combine("text.model");
        string[] arguments = _fixture.TrainArguments(model);
        CliRun train = CliRun.Of(arguments[..^1]);

        Assert.True(train.ExitCode == 0, train.ToString());
        for (int epoch = 1; epoch <= 4; epoch++)
        {
            Assert.Contains($"epoch {epoch}/4  train loss", train.Out, StringComparison.Ordinal);
        }

        Assert.Contains($"model saved to {Path.GetFullPath(model)}", train.Out, StringComparison.Ordinal);
        Assert.Contains("training curves written to", train.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_runs_with_the_same_seed_save_bit_identical_models()
    {
        string first = _fixture.Combine("same-a.model");
        string second = _fixture.Combine("same-b.model");

        Assert.Equal(0, CliRun.Of(_fixture.TrainArguments(first)).ExitCode);
        Assert.Equal(0, CliRun.Of(_fixture.TrainArguments(second)).ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Validation_split_with_early_stopping_holds_out_the_tail_of_the_training_set()
    {
        CliRun train = CliRun.Of(_fixture.TrainArguments(_fixture.Combine("early.model"), 30, "--validation-split", "0.2", "--early-stopping", "1"));

        Assert.True(train.ExitCode == 0, train.ToString());
        using JsonDocument document = JsonDocument.Parse(train.Out);
        JsonElement report = document.RootElement;
        Assert.Equal(SeparableDigits.TrainCount / 5, report.GetProperty("validationSamples").GetInt32());
        Assert.Equal(SeparableDigits.TrainCount * 4 / 5, report.GetProperty("trainSamples").GetInt32());
        Assert.True(report.GetProperty("epochs").GetInt32() < 30, "early stopping should end a 30-epoch run on a perfectly separable set");
        Assert.Equal(JsonValueKind.Number, report.GetProperty("history")[0].GetProperty("validationAccuracy").ValueKind);
    }
}
