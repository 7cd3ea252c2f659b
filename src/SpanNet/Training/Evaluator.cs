using System;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Training;

/// <summary>
/// Scores a network on a labelled set in batches: the mean of the network's own loss, the accuracy, and optionally
/// each sample's predicted class (for a confusion matrix). Has its own workspace, so it may run between training epochs.
/// </summary>
public sealed class Evaluator : IDisposable
{
    private readonly Network _network;
    private readonly Workspace _workspace;
    private readonly int[] _predicted;

    /// <summary>Prepares to score <paramref name="network"/> in batches of up to <paramref name="batchCapacity"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchCapacity"/> is not positive.</exception>
    public Evaluator(Network network, int batchCapacity)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Positive(batchCapacity);
        _network = network;
        _workspace = network.CreateWorkspace(batchCapacity);
        _predicted = new int[batchCapacity];
    }

    /// <summary>The mean loss and accuracy on <paramref name="data"/> (accuracy is NaN for target rows).</summary>
    /// <param name="data">The samples; their shape must match the network.</param>
    /// <returns>Loss and accuracy.</returns>
    /// <exception cref="ArgumentException">The set's shape does not match the network.</exception>
    public Evaluation Evaluate(LabeledDataset data) => Evaluate(data, Span<int>.Empty);

    /// <summary>
    /// The mean loss and accuracy on <paramref name="data"/>, writing each sample's predicted class (the argmax of the
    /// network's output) into <paramref name="predictions"/> unless it is empty.
    /// </summary>
    /// <param name="data">The samples; their shape must match the network.</param>
    /// <param name="predictions">Written: one class per sample, or empty to skip.</param>
    /// <returns>Loss and accuracy.</returns>
    /// <exception cref="ArgumentException">The set's shape does not match the network, or <paramref name="predictions"/> is neither empty nor one per sample.</exception>
    public Evaluation Evaluate(LabeledDataset data, Span<int> predictions)
    {
        Check(data, nameof(data));
        if (!predictions.IsEmpty)
        {
            Guard.Length(predictions.Length, data.Count, nameof(predictions));
        }

        double lossSum = 0;
        long correct = 0;
        int outputs = _network.Outputs;
        for (int start = 0; start < data.Count; start += _workspace.Capacity)
        {
            int batch = Math.Min(_workspace.Capacity, data.Count - start);
            ReadOnlySpan<float> input = data.Features.Slice(start * data.FeatureCount, batch * data.FeatureCount);

            // Check above matched the dataset, checked when it was made, to the network: the batch needs no check.
            Targets targets = data.HasLabels
                ? Targets.FromLabels(data.Labels.Slice(start, batch))
                : Targets.FromValues(data.Targets.Slice(start * outputs, batch * outputs));
            float loss = _network.ForwardLoss(input, targets, batch, _workspace, training: false);
            lossSum += (double)loss * batch;

            // The forward pass leaves the last layer's scores in the workspace; their argmax is the softmax's.
            Span<int> predicted = _predicted.AsSpan(0, batch);
            Reductions.ArgMaxRows(_workspace.Output(_network.Layers.Count - 1, batch), predicted, batch, outputs);
            if (!predictions.IsEmpty)
            {
                predicted.CopyTo(predictions.Slice(start, batch));
            }

            if (data.HasLabels)
            {
                correct += CountEqual(predicted, data.Labels.Slice(start, batch));
            }
        }

        int count = Math.Max(data.Count, 1);
        return new Evaluation((float)(lossSum / count), data.HasLabels ? (float)correct / count : float.NaN);
    }

    /// <summary>Releases the evaluator's workspace (not the network).</summary>
    public void Dispose() => _workspace.Dispose();

    /// <summary>How many positions hold the same class in both spans.</summary>
    internal static int CountEqual(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        int equal = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            equal += predicted[i] == labels[i] ? 1 : 0;
        }

        return equal;
    }

    /// <summary>Throws unless <paramref name="data"/> has this network's shape and a target kind its loss takes.</summary>
    internal void Check(LabeledDataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.FeatureCount != _network.Inputs || data.TargetCount != _network.Outputs)
        {
            ThrowHelper.Argument(name, $"{name} has {data.FeatureCount} features and {data.TargetCount} targets per sample; the network takes {_network.Inputs} and gives {_network.Outputs}.");
        }

        if (data.HasLabels && !_network.Loss.AcceptsLabels)
        {
            ThrowHelper.Argument(name, $"{name} has class labels, but {_network.Loss.Kind} needs target rows.");
        }
    }
}
