using System;
using System.Collections.Generic;
using SpanNet.Data.Tables;
using SpanNet.Inference;
using SpanNet.Training;

namespace SpanNet.Cli.Metrics;

/// <summary>
/// A tabular model's figures on a labelled set, in the label's own units. Classification: accuracy, the confusion
/// matrix (so per-class accuracy), log loss (mean −ln of the true class's probability, floored at 1e-15 as
/// scikit-learn clips), and for two classes the ROC AUC of class 1's probability. Regression: RMSE, MAE and R²
/// (1 − residual / total sum of squares) of the restored predictions.
/// </summary>
internal sealed class TableScores
{
    /// <summary>The smallest probability the log loss takes, so a confident wrong answer costs ln(10¹⁵) ≈ 34.5, not ∞ (scikit-learn's clip).</summary>
    internal const double LogLossFloor = 1e-15;

    private TableScores(int samples) => Samples = samples;

    public int Samples { get; }

    public double Accuracy { get; private init; } = double.NaN;

    public double LogLoss { get; private init; } = double.NaN;

    /// <summary>ROC AUC for two classes; NaN otherwise, or when the set holds one class only.</summary>
    public double RocAuc { get; private init; } = double.NaN;

    public ConfusionMatrix? Confusion { get; private init; }

    public double Rmse { get; private init; } = double.NaN;

    public double Mae { get; private init; } = double.NaN;

    public double R2 { get; private init; } = double.NaN;

    /// <summary>Each sample's prediction: class probabilities [samples, classes], or restored values [samples].</summary>
    public float[] Predictions { get; private init; } = [];

    public static TableScores Of(InferenceModel model, LabeledDataset data, TablePreprocessing preprocessing)
    {
        int n = data.Count, outputs = model.Outputs;
        float[] predictions = new float[(long)n * outputs];
        using (InferenceSession session = model.CreateSession())
        {
            const int Chunk = 1024;
            for (int start = 0; start < n; start += Chunk)
            {
                int rows = Math.Min(Chunk, n - start);
                session.Predict(data.Features.Slice(start * data.FeatureCount, rows * data.FeatureCount), predictions.AsSpan(start * outputs, rows * outputs), rows);
            }
        }

        if (preprocessing.Task == TableTask.Regression)
        {
            return Regression(data, preprocessing, predictions);
        }

        if (n > 0)
        {
            Networks.Predictions.ToProbabilities(model.PredictionOutput, model.Layers[^1] is Layers.SoftmaxLayer, predictions, n, outputs);
        }

        var confusion = new ConfusionMatrix(outputs);
        double logLoss = 0;
        ReadOnlySpan<int> labels = data.Labels;
        int[] predicted = new int[n];
        Kernels.Reductions.ArgMaxRows(predictions, predicted, n, outputs);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = predictions.AsSpan(i * outputs, outputs);
            confusion.Add(labels[i], predicted[i]);
            logLoss -= Math.Log(Math.Max(row[labels[i]], LogLossFloor));
        }

        int correct = 0;
        for (int c = 0; c < outputs; c++)
        {
            correct += confusion[c, c];
        }

        return new TableScores(n)
        {
            Accuracy = n == 0 ? double.NaN : (double)correct / n,
            LogLoss = n == 0 ? double.NaN : logLoss / n,
            RocAuc = outputs == 2 ? BinaryAuc(predictions, labels) : double.NaN,
            Confusion = confusion,
            Predictions = predictions,
        };
    }

    private static TableScores Regression(LabeledDataset data, TablePreprocessing preprocessing, float[] predictions)
    {
        int n = data.Count;
        double sumTarget = 0;
        for (int i = 0; i < n; i++)
        {
            predictions[i] = preprocessing.RestoreTarget(predictions[i]);
            sumTarget += preprocessing.RestoreTarget(data.Targets[i]);
        }

        double mean = sumTarget / Math.Max(n, 1), squares = 0, absolute = 0, total = 0;
        for (int i = 0; i < n; i++)
        {
            double target = preprocessing.RestoreTarget(data.Targets[i]);
            double error = predictions[i] - target;
            squares += error * error;
            absolute += Math.Abs(error);
            total += (target - mean) * (target - mean);
        }

        return new TableScores(n)
        {
            Rmse = Math.Sqrt(squares / Math.Max(n, 1)),
            Mae = absolute / Math.Max(n, 1),
            R2 = total > 0 ? 1 - (squares / total) : double.NaN,
            Predictions = predictions,
        };
    }

    /// <summary>The Mann–Whitney form of the ROC AUC of class 1's probability: ties count half.</summary>
    private static double BinaryAuc(float[] probabilities, ReadOnlySpan<int> labels)
    {
        int n = labels.Length;
        var order = new List<(float Score, int Label)>(n);
        for (int i = 0; i < n; i++)
        {
            order.Add((probabilities[(i * 2) + 1], labels[i]));
        }

        order.Sort((a, b) => a.Score.CompareTo(b.Score));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && order[j].Score == order[i].Score)
            {
                j++;
            }

            double rank = ((i + 1) + j) / 2.0;
            for (int k = i; k < j; k++)
            {
                if (order[k].Label == 1)
                {
                    rankSum += rank;
                    positives++;
                }
            }

            i = j;
        }

        long negatives = n - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
