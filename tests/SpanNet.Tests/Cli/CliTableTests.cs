using System;
using System.IO;
using System.Text.Json;
using SpanNet.Cli.Commands;
using SpanNet.Data.Tables;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Onnx.Protobuf;
using SpanNet.Tests.Data.Tables;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Cli;

/// <summary>train, eval and predict on the committed tables (tests/fixtures/tables), and their one-line errors.</summary>
public sealed class CliTableTests : IDisposable
{
    private static readonly string Tables = Path.Combine(AppContext.BaseDirectory, "fixtures", "tables");
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_classifier_trains_evaluates_and_predicts_raw_rows_by_column_name()
    {
        string model = _folder.Combine("flowers.model");
        CliRun train = CliRun.Of("train", "--data", Table("flowers.csv"), "--label", "species", "--ignore", "id", "--epochs", "30",
            "--optimizer", "adam", "--lr", "0.01", "--out", model, "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        using JsonDocument report = JsonDocument.Parse(train.Out);
        JsonElement root = report.RootElement;
        Assert.Equal("classification", root.GetProperty("task").GetString());
        Assert.Equal(300, root.GetProperty("rows").GetInt32());
        // petal_length, petal_width, stem numeric; colour one-hot over 3 colours plus a missing slot when the training rows had one.
        Assert.InRange(root.GetProperty("features").GetInt32(), 6, 7);
        Assert.True(root.GetProperty("accuracy").GetSingle() > 0.8f, train.Out);
        Assert.Equal(6, root.GetProperty("schema").GetArrayLength() + 1);
        Assert.Contains("table '", train.Error, StringComparison.Ordinal);
        Assert.Contains("SpanNet · flowers.csv training curves", File.ReadAllText(Path.ChangeExtension(model, ".svg")), StringComparison.Ordinal);

        CliRun eval = CliRun.Of("eval", "--model", model, "--data", Table("flowers.csv"), "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        using JsonDocument evaluation = JsonDocument.Parse(eval.Out);
        Assert.Equal(["setosa", "versicolor", "virginica"], JsonSerializer.Deserialize<string[]>(evaluation.RootElement.GetProperty("classes").GetRawText())!);
        Assert.Equal(300, evaluation.RootElement.GetProperty("samples").GetInt32());

        // At int8 the table goes through the same preprocessing into a quantized model: every row scored, and the
        // accuracy within a few rows of fp32's (quantizing moves scores by a few per cent, which flips only near-ties).
        CliRun int8 = CliRun.Of("eval", "--model", model, "--data", Table("flowers.csv"), "--json", "--precision", "int8");
        Assert.True(int8.ExitCode == 0, int8.ToString());
        using JsonDocument quantized = JsonDocument.Parse(int8.Out);
        Assert.Equal(300, quantized.RootElement.GetProperty("samples").GetInt32());
        Assert.InRange(quantized.RootElement.GetProperty("accuracy").GetDouble(), evaluation.RootElement.GetProperty("accuracy").GetDouble() - 0.05, 1.0);

        string predictions = _folder.Combine("predictions.csv");
        CliRun predict = CliRun.Of("predict", "--model", model, "--data", Table("new-flowers.csv"), "--id", "id", "--out", predictions);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("id,species,p(setosa),p(versicolor),p(virginica)", lines[0]);
        Assert.Equal(21, lines.Length);
        foreach (string line in lines[1..])
        {
            string[] fields = line.Split(',');
            double sum = double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture)
                + double.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture)
                + double.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(sum, 0.999, 1.001);
        }
    }

    [Fact]
    public void A_regressor_trains_on_a_tsv_and_reports_rmse_mae_and_r2_in_the_label_units()
    {
        string model = _folder.Combine("houses.model");
        CliRun train = CliRun.Of("train", "--data", Table("houses.tsv"), "--label", "price", "--ignore", "id", "--epochs", "40",
            "--optimizer", "adam", "--lr", "0.01", "--out", model, "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        using JsonDocument report = JsonDocument.Parse(train.Out);
        JsonElement root = report.RootElement;
        Assert.Equal("regression", root.GetProperty("task").GetString());
        Assert.True(root.GetProperty("r2").GetDouble() > 0.9, train.Out);
        Assert.True(root.GetProperty("rmse").GetDouble() < 40, train.Out);

        CliRun eval = CliRun.Of("eval", "--model", model, "--data", Table("houses.csv"));
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("test RMSE", eval.Out, StringComparison.Ordinal);

        CliRun predict = CliRun.Of("predict", "--model", model, "--data", Table("houses.csv"));
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.StartsWith("price", predict.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exported_regressor_standardises_its_numbers_and_restores_its_target_in_the_graph()
    {
        string model = _folder.Combine("houses-export.model");
        string onnx = _folder.Combine("houses.onnx");
        Assert.Equal(0, CliRun.Of("train", "--data", Table("houses.csv"), "--label", "price", "--ignore", "id", "--epochs", "3", "--out", model).ExitCode);
        CliRun export = CliRun.Of("export", "--model", model, "--onnx", onnx);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("standardises", export.Out, StringComparison.Ordinal);

        byte[] bytes = File.ReadAllBytes(model);
        using Network network = ModelFile.Deserialize(bytes, model);
        TablePreprocessing table = ModelLoader.ReadPreprocessing(bytes, model, network)!;
        GraphProto graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx)).Graph;
        Assert.Equal(["Sub", "Div"], new[] { graph.Node[0].OpType, graph.Node[1].OpType });
        Assert.Equal(["Mul", "Add"], new[] { graph.Node[^2].OpType, graph.Node[^1].OpType });

        // The graph on a row with raw numbers (and one-hot slots as they are) gives what the model gives on the encoded
        // row, in the label's units: SpanNet's own importer runs the graph.
        using Network imported = OnnxImporter.Import(onnx);
        (float[] mean, float[] scale) = table.NumericStandardization();
        float[] raw = new float[network.Inputs], encoded = new float[network.Inputs];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = scale[i] == 1f && mean[i] == 0f ? i % 2 : mean[i] + (scale[i] * (0.5f - (i % 3)));
            encoded[i] = (raw[i] - mean[i]) / scale[i];
        }

        using Workspace a = network.CreateWorkspace(1), b = imported.CreateWorkspace(1);
        float expected = table.RestoreTarget(network.Forward(encoded, 1, a)[0]);
        float actual = imported.Forward(raw, 1, b)[0];
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"graph {actual}, model {expected}");
    }

    [Fact]
    public void A_parquet_table_trains_the_model_its_csv_trains_and_rows_are_scored_from_either()
    {
        string parquet = _folder.Combine("flowers.parquet");
        ParquetTables.FromCsv(Table("flowers.csv"), parquet, "petal_length", "petal_width", "stem");
        string fromParquet = _folder.Combine("parquet.model"), fromCsv = _folder.Combine("csv.model");
        foreach ((string data, string model) in new[] { (parquet, fromParquet), (Table("flowers.csv"), fromCsv) })
        {
            CliRun run = CliRun.Of("train", "--data", data, "--label", "species", "--ignore", "id", "--epochs", "5", "--seed", "9",
                "--optimizer", "adam", "--lr", "0.01", "--out", model, "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(300, JsonDocument.Parse(run.Out).RootElement.GetProperty("rows").GetInt32());
        }

        // The same cells give the same schema, split, preprocessing and weights, whichever format held them.
        Assert.Equal(File.ReadAllBytes(fromCsv), File.ReadAllBytes(fromParquet));

        double[] accuracies = new double[2];
        string[] tables = [parquet, Table("flowers.csv")];
        for (int i = 0; i < tables.Length; i++)
        {
            CliRun eval = CliRun.Of("eval", "--model", fromParquet, "--data", tables[i], "--json");
            Assert.True(eval.ExitCode == 0, eval.ToString());
            using JsonDocument evaluation = JsonDocument.Parse(eval.Out);
            Assert.Equal(300, evaluation.RootElement.GetProperty("samples").GetInt32());
            accuracies[i] = evaluation.RootElement.GetProperty("accuracy").GetDouble();
        }

        Assert.Equal(accuracies[1], accuracies[0]);
        Assert.True(accuracies[0] > 0.8, $"accuracy {accuracies[0]}");

        string predictions = _folder.Combine("parquet-predictions.csv");
        CliRun predict = CliRun.Of("predict", "--model", fromParquet, "--data", parquet, "--id", "id", "--out", predictions);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("id,species,p(setosa),p(versicolor),p(virginica)", lines[0]);
        Assert.Equal(301, lines.Length);
        Assert.StartsWith("f0000,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_saves_the_same_model_bytes()
    {
        string first = _folder.Combine("a.model"), second = _folder.Combine("b.model");
        foreach (string model in new[] { first, second })
        {
            CliRun run = CliRun.Of("train", "--data", Table("flowers.csv"), "--label", "species", "--ignore", "id", "--epochs", "3", "--seed", "9", "--out", model);
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Weight_decay_changes_the_trained_weights_and_restore_best_keeps_a_validated_epoch()
    {
        string plain = _folder.Combine("plain.model"), decayed = _folder.Combine("decayed.model");
        string[] common = ["train", "--data", Table("flowers.csv"), "--label", "species", "--ignore", "id", "--epochs", "3", "--optimizer", "adam"];
        Assert.Equal(0, CliRun.Of([.. common, "--out", plain]).ExitCode);
        CliRun run = CliRun.Of([.. common, "--weight-decay", "0.5", "--validation-split", "0.2", "--restore-best", "--out", decayed, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.NotEqual(File.ReadAllBytes(plain), File.ReadAllBytes(decayed));
        using JsonDocument report = JsonDocument.Parse(run.Out);
        Assert.InRange(report.RootElement.GetProperty("bestEpoch").GetInt32(), 1, 3);
    }

    [Fact]
    public void A_table_network_starts_from_uniform_weights_unless_weight_init_says_he()
    {
        // At a learning rate of 1e-12 one epoch's Adam steps (each at most about the rate) leave the weights where
        // they started: uniform draws biases within ±1/√fan-in, He normal starts them at 0.
        string[] common = ["train", "--data", Table("flowers.csv"), "--label", "species", "--ignore", "id", "--epochs", "1", "--optimizer", "adam", "--lr", "1e-12", "--json"];
        string byDefault = _folder.Combine("default.model"), uniform = _folder.Combine("uniform.model"), he = _folder.Combine("he.model");
        CliRun defaultRun = CliRun.Of([.. common, "--out", byDefault]);
        Assert.True(defaultRun.ExitCode == 0, defaultRun.ToString());
        Assert.Equal(0, CliRun.Of([.. common, "--weight-init", "uniform", "--out", uniform]).ExitCode);
        CliRun heRun = CliRun.Of([.. common, "--weight-init", "he", "--out", he]);
        Assert.True(heRun.ExitCode == 0, heRun.ToString());
        Assert.Equal(File.ReadAllBytes(uniform), File.ReadAllBytes(byDefault));
        using (JsonDocument report = JsonDocument.Parse(defaultRun.Out))
        {
            Assert.Equal("uniform", report.RootElement.GetProperty("weightInit").GetString());
        }

        using (JsonDocument report = JsonDocument.Parse(heRun.Out))
        {
            Assert.Equal("he", report.RootElement.GetProperty("weightInit").GetString());
        }

        using Network uniformNetwork = ModelFile.Load(byDefault);
        using Network heNetwork = ModelFile.Load(he);
        int fanIn = uniformNetwork.Inputs;
        float bound = (float)(1 / Math.Sqrt(fanIn)) + 1e-9f;
        float largestUniform = 0f, largestHe = 0f;
        foreach (float bias in uniformNetwork.Biases(0))
        {
            Assert.True(Math.Abs(bias) <= bound, $"bias {bias} outside ±{bound}");
            largestUniform = Math.Max(largestUniform, Math.Abs(bias));
        }

        foreach (float bias in heNetwork.Biases(0))
        {
            largestHe = Math.Max(largestHe, Math.Abs(bias));
        }

        Assert.True(largestUniform > 0.1f * bound, $"uniform biases are drawn: the largest is {largestUniform}");
        Assert.True(largestHe < 1e-9f, $"He-normal biases start at 0: the largest is {largestHe}");
    }

    [Theory]
    [InlineData("no-label", "it has no label column 'nope'")]
    [InlineData("text-in-numeric", "row 2, column 'petal_length': 'long' is not a number")]
    [InlineData("missing-column", "it has no column 'petal_width', which the model reads")]
    [InlineData("empty", "it is empty")]
    public void Bad_tables_are_one_line_and_exit_1(string problem, string expected)
    {
        string model = _folder.Combine("m.model");
        CliRun train = CliRun.Of("train", "--data", Table("flowers.csv"), "--label", "species", "--ignore", "id", "--epochs", "1", "--out", model);
        Assert.True(train.ExitCode == 0, train.ToString());
        string bad = _folder.Combine("bad.csv");
        CliRun run;
        switch (problem)
        {
            case "no-label":
                run = CliRun.Of("train", "--data", Table("flowers.csv"), "--label", "nope", "--out", model);
                break;
            case "text-in-numeric":
                File.WriteAllText(bad, "petal_length,petal_width,colour,stem\n1,2,red,3\nlong,2,red,3\n");
                run = CliRun.Of("predict", "--model", model, "--data", bad);
                break;
            case "missing-column":
                File.WriteAllText(bad, "petal_length,colour,stem\n1,red,3\n");
                run = CliRun.Of("predict", "--model", model, "--data", bad);
                break;
            default:
                File.WriteAllText(bad, string.Empty);
                run = CliRun.Of("eval", "--model", model, "--data", bad);
                break;
        }

        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train", "--data", "x.csv")]
    [InlineData("train", "--label", "y")]
    [InlineData("train", "--data", "x.csv", "--label", "y", "--layers", "784-10")]
    [InlineData("train", "--data", "x.csv", "--label", "y", "--test", "t.csv", "--test-split", "0.3")]
    [InlineData("train", "--data", "x.csv", "--label", "y", "--hidden", "64-x")]
    [InlineData("train", "--data", "x.csv", "--label", "y", "--task", "clustering")]
    [InlineData("train", "--restore-best")]
    [InlineData("train", "--optimizer", "adagrad", "--weight-decay", "0.1")]
    [InlineData("train", "--weight-decay", "-1")]
    [InlineData("train", "--data", "x.csv", "--label", "y", "--weight-init", "xavier")]
    [InlineData("train", "--weight-init", "he", "--init", "m.model")]
    [InlineData("predict", "--model", "m.model", "--data", "x.csv", "--images", "y")]
    [InlineData("predict", "--model", "m.model", "--images", "y", "--out", "p.csv")]
    public void Table_option_mistakes_are_usage_errors(params string[] args)
    {
        CliRun run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public void A_model_without_a_table_schema_is_refused_for_table_rows()
    {
        string model = _folder.Combine("plain.model");
        using (var network = new SpanNet.Networks.NetworkBuilder(4).Dense(2).Build(1))
        {
            ModelFile.Save(network, model);
        }

        CliRun run = CliRun.Of("predict", "--model", model, "--data", Table("new-flowers.csv"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no table schema", run.Error, StringComparison.Ordinal);
    }

    private static string Table(string name) => Path.Combine(Tables, name);
}
