using System;
using SpanNet.Kernels;
using SpanNet.Networks;
using SpanNet.Training;

namespace SpanNet.Cli.Metrics;

/// <summary>
/// Scores a classifier on a labelled set in one forward pass per batch: mean softmax cross-entropy, accuracy, and
/// optionally a confusion matrix. Uses its own workspace, so it may run between training epochs.
/// </summary>
internal sealed class ClassifierEvaluator : IDisposable
{
    /// <summary>Large batches keep the GEMM busy; 1,000 divides the MNIST test set evenly.</summary>
    private const int BatchCapacity = 1000;

    private readonly Network _network;
    private readonly Workspace _workspace;
    private readonly int[] _predicted = new int[BatchCapacity];

    public ClassifierEvaluator(Network network)
    {
        _network = network;
        _workspace = network.CreateWorkspace(BatchCapacity);
    }

    public Evaluation Evaluate(LabeledDataset data, ConfusionMatrix? confusion = null)
    {
        int[] labels = data.Labels ?? throw new ArgumentException("The set has no class labels.", nameof(data));
        int classes = _network.Outputs;
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < data.Count; start += BatchCapacity)
        {
            int batch = Math.Min(BatchCapacity, data.Count - start);
            ReadOnlySpan<float> scores = _network.Forward(data.Features.AsSpan(start * data.FeatureCount, batch * data.FeatureCount), batch, _workspace);
            Span<int> predicted = _predicted.AsSpan(0, batch);
            Reductions.ArgMaxRows(scores, predicted, batch, classes);
            for (int i = 0; i < batch; i++)
            {
                int label = labels[start + i];
                lossSum += CrossEntropy(scores.Slice(i * classes, classes), label);
                correct += predicted[i] == label ? 1 : 0;
                confusion?.Add(label, predicted[i]);
            }
        }

        int count = Math.Max(data.Count, 1);
        return new Evaluation((float)(lossSum / count), (float)((double)correct / count));
    }

    public void Dispose() => _workspace.Dispose();

    /// <summary>−log softmax(scores)[label] by log-sum-exp, in double so that a confident mistake stays finite.</summary>
    private static double CrossEntropy(ReadOnlySpan<float> scores, int label)
    {
        float max = Reductions.Max(scores);
        double sum = 0;
        foreach (float score in scores)
        {
            sum += Math.Exp(score - max);
        }

        return Math.Log(sum) + max - scores[label];
    }
}
