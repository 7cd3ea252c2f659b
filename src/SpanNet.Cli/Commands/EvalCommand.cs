using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using SpanNet.Cli.Data;
using SpanNet.Cli.Metrics;
using SpanNet.Cli.Reports;
using SpanNet.Data;
using SpanNet.Data.Tables;
using SpanNet.Inference;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet eval</c>: a saved model's test accuracy, per-class accuracy and confusion matrix.</summary>
internal sealed class EvalCommand
{
    private readonly CliConsole _console;
    private readonly Option<string> _model = SharedOptions.Model("The model file to evaluate");
    private readonly Option<string?> _mnistDirectory = SharedOptions.MnistDirectory();
    private readonly Option<bool> _json = SharedOptions.Json("accuracy, loss, per-class accuracy and the confusion matrix (a table: the task's metrics)");

    private readonly Option<string?> _data = new("--data")
    {
        Description = "Evaluate a model trained by 'train --data' on this labelled table (CSV, TSV or Parquet) instead of MNIST",
        HelpName = "FILE",
        Validators = { SharedOptions.RejectEmptyPath },
    };

    private readonly Option<WeightPrecision?> _precision = PrecisionNames.CreateOption();

    private EvalCommand(CliConsole console)
    {
        _console = console;
        Command = new Command("eval", "Evaluate a model on the MNIST test set, or on a labelled table (--data): accuracy, per-class accuracy, confusion matrix, or RMSE, MAE and R²")
        {
            _model, _mnistDirectory, _json, _data, _precision,
        };
        Command.Validators.Add(result =>
        {
            if (result.GetResult(_data) is { Implicit: false } && result.GetResult(_mnistDirectory) is { Implicit: false })
            {
                result.AddError("--mnist-dir applies to MNIST, not to --data.");
            }
        });
        Command.SetAction(Run);
    }

    private Command Command { get; }

    public static Command Create(CliConsole console) => new EvalCommand(console).Command;

    private int Run(ParseResult parsed)
    {
        string modelPath = Path.GetFullPath(parsed.GetRequiredValue(_model));
        WeightPrecision precision = parsed.GetValue(_precision) ?? WeightPrecision.Fp32;
        if (parsed.GetValue(_data) is { } tablePath)
        {
            return EvaluateTable(modelPath, Path.GetFullPath(tablePath), parsed.GetValue(_json), precision);
        }

        // fp32 scores through the network's batched GEMM; bf16 and int8 through the inference model that stores them.
        using Network? network = precision == WeightPrecision.Fp32 ? ModelLoader.LoadMnistClassifier(modelPath) : null;
        InferenceModel? model = network is null ? ModelLoader.LoadMnistInferenceModel(modelPath, precision: precision) : null;
        MnistDataset mnist = MnistSource.Load(parsed.GetValue(_mnistDirectory), _console.Error);
        LabeledDataset test = mnist.Test;

        var confusion = new ConfusionMatrix(MnistDataset.Classes);
        long start = Stopwatch.GetTimestamp();
        int[] predicted = new int[test.Count];
        Evaluation result = network is not null ? EvaluateNetwork(network, test, predicted) : EvaluateInference(model!, test, predicted);
        confusion.AddAll(test.Labels, predicted);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        if (parsed.GetValue(_json))
        {
            double?[] perClass = new double?[confusion.Classes];
            for (int c = 0; c < perClass.Length; c++)
            {
                double accuracy = confusion.Accuracy(c);
                perClass[c] = double.IsNaN(accuracy) ? null : accuracy;
            }

            var report = new EvalReport(result.Accuracy, result.Loss, test.Count, seconds, test.Count / seconds, modelPath, perClass, confusion.Rows(), PrecisionNames.Names.NameOf(precision));
            _console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.EvalReport));
            return ExitCodes.Success;
        }

        TextWriter output = _console.Out;
        output.WriteLine($"model {modelPath}");
        output.WriteLine($"weights {PrecisionNames.Names.NameOf(precision)}");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"test accuracy {result.Accuracy:P2} ({Correct(confusion):N0} of {test.Count:N0}), test loss {result.Loss:F4}, scored in {seconds:F3} s ({test.Count / seconds:N0} images/s)"));
        output.WriteLine();
        confusion.WriteTable(output);
        return ExitCodes.Success;
    }

    private static Evaluation EvaluateNetwork(Network network, LabeledDataset test, int[] predicted)
    {
        using var evaluator = new Evaluator(network, EvaluationBatch.Capacity);
        return evaluator.Evaluate(test, predicted);
    }

    /// <summary>Accuracy and the mean cross-entropy of the predicted probabilities (the loss an MNIST classifier trains with).</summary>
    private static Evaluation EvaluateInference(InferenceModel model, LabeledDataset test, int[] predicted)
    {
        int n = test.Count, outputs = model.Outputs;
        float[] predictions = new float[(long)EvaluationBatch.Capacity * outputs];
        double logLoss = 0;
        int correct = 0;
        ReadOnlySpan<int> labels = test.Labels;
        using InferenceSession session = model.CreateSession();
        for (int start = 0; start < n; start += EvaluationBatch.Capacity)
        {
            int rows = Math.Min(EvaluationBatch.Capacity, n - start);
            Span<float> chunk = predictions.AsSpan(0, rows * outputs);
            session.Predict(test.Features.Slice(start * test.FeatureCount, rows * test.FeatureCount), chunk, rows);
            Predictions.ToProbabilities(model.PredictionOutput, model.Layers[^1] is SoftmaxLayer, chunk, rows, outputs);
            Reductions.ArgMaxRows(chunk, predicted.AsSpan(start, rows), rows, outputs);
            for (int i = 0; i < rows; i++)
            {
                int label = labels[start + i];
                logLoss -= Math.Log(Math.Max(chunk[(i * outputs) + label], TableScores.LogLossFloor));
                correct += predicted[start + i] == label ? 1 : 0;
            }
        }

        return new Evaluation((float)(logLoss / Math.Max(n, 1)), n == 0 ? float.NaN : (float)correct / n);
    }

    private int EvaluateTable(string modelPath, string tablePath, bool json, WeightPrecision precision)
    {
        TabularModel tabular = ModelLoader.LoadTabular(modelPath, precision: precision);
        InputFile.Require("--data", tablePath);
        TableData rows = TableReader.LoadForModel(tablePath, tabular.Preprocessing, withLabels: true);
        if (rows.UnseenCategories > 0)
        {
            _console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {rows.UnseenCategories} cells hold a category (or a missing value) the training rows never had; they are encoded as all zeros"));
        }

        LabeledDataset data = tabular.Preprocessing.ToDataset(rows);
        TableScores scores = TableScores.Of(tabular.Model, data, tabular.Preprocessing);
        if (json)
        {
            ConfusionMatrix? confusion = scores.Confusion;
            double?[] perClass = new double?[confusion?.Classes ?? 0];
            for (int c = 0; c < perClass.Length; c++)
            {
                double accuracy = confusion!.Accuracy(c);
                perClass[c] = double.IsNaN(accuracy) ? null : accuracy;
            }

            var report = new TableEvalReport(
                TableSource.Describe(tabular.Preprocessing.Task),
                scores.Samples,
                modelPath,
                rows.UnseenCategories,
                Defined(scores.Accuracy),
                Defined(scores.LogLoss),
                Defined(scores.RocAuc),
                tabular.Preprocessing.ClassNames,
                perClass,
                confusion?.Rows() ?? [],
                Defined(scores.Rmse),
                Defined(scores.Mae),
                Defined(scores.R2));
            _console.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.TableEvalReport));
            return ExitCodes.Success;
        }

        _console.Out.WriteLine($"model {modelPath}");
        _console.Out.WriteLine($"weights {PrecisionNames.Names.NameOf(precision)}");
        TableReport.Write(_console.Out, scores, tabular.Preprocessing.ClassNames);
        return ExitCodes.Success;
    }

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;

    private static int Correct(ConfusionMatrix confusion)
    {
        int correct = 0;
        for (int c = 0; c < confusion.Classes; c++)
        {
            correct += confusion[c, c];
        }

        return correct;
    }
}
