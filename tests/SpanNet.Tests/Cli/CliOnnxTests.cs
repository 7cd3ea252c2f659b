using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Onnx.Protobuf;
using SpanNet.Tests.Onnx;
using SpanNet.Data;
using Xunit;

namespace SpanNet.Tests.Cli;

/// <summary>ONNX models on the command line: import, eval/predict/export of an .onnx told by content, train --init, and refusals.</summary>
public class CliOnnxTests : IClassFixture<TrainedModelFixture>
{
    private readonly TrainedModelFixture _fixture;

    public CliOnnxTests(TrainedModelFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void Import_converts_a_pytorch_export_reports_its_layers_and_saves_the_same_weights()
    {
        string onnx = OnnxFixture.PathOf("finetune_784_32_10_opset13.onnx");
        string model = _fixture.Combine($"imported-{Guid.NewGuid():N}.model");
        CliRun import = CliRun.Of("import", onnx, "--out", model);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("layers: Dense 784→32, Relu, Dense 32→10", import.Out, StringComparison.Ordinal);
        Assert.Contains("predicts scores", import.Out, StringComparison.Ordinal);
        using Network saved = ModelFile.Load(model);
        using Network direct = OnnxImporter.Import(onnx);
        Assert.Equal(direct.Parameters.Values.ToArray(), saved.Parameters.Values.ToArray());
        Assert.Equal(direct.PredictionOutput, saved.PredictionOutput);
    }

    [Fact]
    public void Eval_and_predict_accept_an_onnx_model_told_by_content_not_extension()
    {
        string onnx = ExportTrainedModel();
        string onnxNamedModel = _fixture.Combine($"onnx-inside-{Guid.NewGuid():N}.model");
        File.Copy(onnx, onnxNamedModel);
        string spanNetNamedOnnx = _fixture.Combine($"spannet-inside-{Guid.NewGuid():N}.onnx");
        File.Copy(_fixture.ModelPath, spanNetNamedOnnx);

        double expected = _fixture.Report!.RootElement.GetProperty("accuracy").GetDouble();
        foreach (string path in new[] { onnx, onnxNamedModel, spanNetNamedOnnx })
        {
            CliRun eval = CliRun.Of("eval", "--model", path, "--mnist-dir", _fixture.DataDirectory, "--json");
            Assert.True(eval.ExitCode == 0, eval.ToString());
            using JsonDocument report = JsonDocument.Parse(eval.Out);
            Assert.Equal(expected, report.RootElement.GetProperty("accuracy").GetDouble());
        }

        string images = Path.Combine(_fixture.DataDirectory, MnistDataset.TestImagesFileName);
        CliRun fromOnnx = CliRun.Of("predict", "--model", onnx, "--images", images, "--count", "5", "--json");
        CliRun fromModel = CliRun.Of("predict", "--model", _fixture.ModelPath, "--images", images, "--count", "5", "--json");
        Assert.True(fromOnnx.ExitCode == 0, fromOnnx.ToString());
        using JsonDocument a = JsonDocument.Parse(fromOnnx.Out);
        using JsonDocument b = JsonDocument.Parse(fromModel.Out);
        Assert.Equal(b.RootElement.GetProperty("predictions").ToString(), a.RootElement.GetProperty("predictions").ToString());
    }

    [Theory]
    [InlineData("finetune_784_32_10_opset13")]
    [InlineData("logsoftmax_opset17")]
    [InlineData("softmax_opset13")]
    public void Predict_shows_class_probabilities_whatever_the_imported_graph_outputs(string fixture)
    {
        string images = Path.Combine(_fixture.DataDirectory, MnistDataset.TestImagesFileName);
        CliRun predict = CliRun.Of("predict", "--model", OnnxFixture.PathOf(fixture + ".onnx"), "--images", images, "--count", "3", "--json");

        Assert.True(predict.ExitCode == 0, predict.ToString());
        using JsonDocument document = JsonDocument.Parse(predict.Out);
        foreach (JsonElement prediction in document.RootElement.GetProperty("predictions").EnumerateArray())
        {
            double sum = 0, best = -1;
            int argMax = -1, index = 0;
            foreach (JsonElement p in prediction.GetProperty("probabilities").EnumerateArray())
            {
                double value = p.GetDouble();
                Assert.InRange(value, 0, 1);
                sum += value;
                (best, argMax) = value > best ? (value, index) : (best, argMax);
                index++;
            }

            Assert.Equal(1.0, sum, 1e-5);
            Assert.Equal(argMax, prediction.GetProperty("predicted").GetInt32());
        }
    }

    [Fact]
    public void Export_accepts_an_onnx_model_and_writes_one_that_imports_to_the_same_network()
    {
        string source = OnnxFixture.PathOf("logsoftmax_opset17.onnx");
        string output = _fixture.Combine($"reexport-{Guid.NewGuid():N}.onnx");
        CliRun export = CliRun.Of("export", "--model", source, "--onnx", output);

        Assert.True(export.ExitCode == 0, export.ToString());
        using Network original = OnnxImporter.Import(source);
        using Network again = OnnxImporter.Import(output);
        Assert.Equal(PredictionOutput.LogProbabilities, again.PredictionOutput);
        Assert.Equal(original.Parameters.Values.ToArray(), again.Parameters.Values.ToArray());
    }

    [Fact]
    public void Train_init_fine_tunes_an_imported_onnx_model()
    {
        string onnx = OnnxFixture.PathOf("finetune_784_32_10_opset13.onnx");
        string model = _fixture.Combine($"fine-tuned-{Guid.NewGuid():N}.model");
        string[] arguments = ["train", "--mnist-dir", _fixture.DataDirectory, "--init", onnx, "--epochs", "2", "--batch", "20", "--out", model, "--json"];
        CliRun train = CliRun.Of(arguments);

        Assert.True(train.ExitCode == 0, train.ToString());
        using JsonDocument report = JsonDocument.Parse(train.Out);
        Assert.Equal([784, 32, 10], report.RootElement.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(report.RootElement.GetProperty("accuracy").GetDouble() >= 0.9, train.Out);
        using Network imported = OnnxImporter.Import(onnx);
        using Network tuned = ModelFile.Load(model);
        Assert.NotEqual(imported.Parameters.Values.ToArray(), tuned.Parameters.Values.ToArray());
        Assert.Equal(PredictionOutput.Scores, tuned.PredictionOutput);
    }

    [Fact]
    public void Train_init_with_layers_is_a_usage_error()
    {
        CliRun train = CliRun.Of("train", "--init", "x.onnx", "--layers", "784-10", "--out", _fixture.Combine("never.model"));
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("--layers does not apply with --init", train.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("eval")]
    [InlineData("predict")]
    [InlineData("export")]
    public void An_unsupported_graph_is_one_line_naming_the_node_and_exit_code_1(string command)
    {
        ModelProto model = OnnxModels.Valid();
        model.Graph.Node[1].OpType = "Conv";
        string path = _fixture.Combine($"conv-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, OnnxModels.Bytes(model));
        string images = Path.Combine(_fixture.DataDirectory, MnistDataset.TestImagesFileName);
        string[] arguments = command switch
        {
            "import" => ["import", path, "--out", path + ".model"],
            "eval" => ["eval", "--model", path, "--mnist-dir", _fixture.DataDirectory],
            "predict" => ["predict", "--model", path, "--images", images],
            _ => ["export", "--model", path, "--onnx", path + ".out.onnx"],
        };
        CliRun run = CliRun.Of(arguments);

        Assert.Equal(1, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.Contains("node 'relu' (Conv)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_neither_format_says_so()
    {
        string path = _fixture.Combine($"garbage-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        CliRun eval = CliRun.Of("eval", "--model", path, "--mnist-dir", _fixture.DataDirectory);
        Assert.Equal(1, eval.ExitCode);
        Assert.Contains("neither a SpanNet model", Assert.Single(eval.ErrorLines), StringComparison.Ordinal);
    }

    private string ExportTrainedModel()
    {
        string onnx = _fixture.Combine($"trained-{Guid.NewGuid():N}.onnx");
        using Network network = ModelFile.Load(_fixture.ModelPath);
        OnnxExporter.Export(network, onnx);
        return onnx;
    }
}
