using System;
using System.Collections.Generic;
using SpanNet.Kernels;
using SpanNet.Networks;
using SpanNet.Training.Optimizers;

namespace SpanNet.Training;

/// <summary>
/// Runs epochs of mini-batch training: shuffle (seeded), gather each batch into the workspace, one
/// <see cref="Network.TrainStep(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Optimizer, Workspace)"/> per batch, then
/// evaluate. Everything it needs per epoch is allocated once, so the inner loop allocates nothing.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly Network _network;
    private readonly Optimizer _optimizer;
    private readonly TrainerOptions _options;
    private readonly Workspace _workspace;
    private readonly Evaluator _evaluator;
    private readonly int[] _predicted;

    /// <summary>Prepares to train <paramref name="network"/> with <paramref name="optimizer"/>.</summary>
    /// <exception cref="ArgumentException">The optimizer was made for another parameter count, or an option is out of range.</exception>
    public Trainer(Network network, Optimizer optimizer, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (optimizer.ParameterCount != network.Parameters.Length)
        {
            ThrowHelper.Argument(nameof(optimizer), $"The optimizer was made for {optimizer.ParameterCount} parameters; the network has {network.Parameters.Length}.");
        }

        _network = network;
        _optimizer = optimizer;
        _options = options;
        _workspace = network.CreateWorkspace(options.BatchSize);
        _evaluator = new Evaluator(network, options.BatchSize);
        _predicted = new int[options.BatchSize];
    }

    /// <summary>Trains for the configured epochs (or until early stopping) and returns one result per epoch run.</summary>
    /// <param name="train">The training samples; their shape must match the network.</param>
    /// <param name="validation">Samples to evaluate after each epoch, or <see langword="null"/>.</param>
    /// <param name="observer">Progress callbacks, or <see langword="null"/>.</param>
    /// <returns>The per-epoch results.</returns>
    /// <exception cref="ArgumentException">A dataset's shape does not match the network.</exception>
    public IReadOnlyList<EpochResult> Fit(LabeledDataset train, LabeledDataset? validation = null, ITrainingObserver? observer = null)
    {
        _evaluator.Check(train, nameof(train));
        if (validation is not null)
        {
            _evaluator.Check(validation, nameof(validation));
        }

        if (_options.EarlyStoppingPatience > 0 && validation is null)
        {
            ThrowHelper.Argument(nameof(validation), "Early stopping watches validation accuracy, so it needs a validation set.");
        }

        var results = new List<EpochResult>(_options.Epochs);
        int[] order = new int[train.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var random = new Random(_options.Seed);
        int batchSize = Math.Min(_options.BatchSize, Math.Max(train.Count, 1));
        int stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        float bestAccuracy = float.NegativeInfinity;
        int epochsSinceBest = 0;
        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            if (_options.DecayEveryEpochs > 0 && epoch > 1 && (epoch - 1) % _options.DecayEveryEpochs == 0)
            {
                _optimizer.LearningRate *= _options.DecayFactor;
            }

            if (_options.Shuffle)
            {
                random.Shuffle(order);
            }

            double lossSum = 0;
            long correct = 0;
            for (int step = 0; step < stepsPerEpoch; step++)
            {
                int start = step * batchSize;
                int batch = Math.Min(batchSize, train.Count - start);
                float loss = TrainBatch(train, order, start, batch, ref correct);
                lossSum += (double)loss * batch;
                observer?.OnIteration(epoch, step + 1, stepsPerEpoch, loss);
            }

            Evaluation validated = validation is null ? new Evaluation(float.NaN, float.NaN) : Evaluate(validation);
            var result = new EpochResult(
                epoch,
                (float)(lossSum / Math.Max(train.Count, 1)),
                train.Labels is null ? float.NaN : (float)correct / Math.Max(train.Count, 1),
                validated.Loss,
                validated.Accuracy,
                _optimizer.LearningRate);
            results.Add(result);
            observer?.OnEpochEnd(in result);

            if (_options.EarlyStoppingPatience > 0)
            {
                if (validated.Accuracy > bestAccuracy)
                {
                    bestAccuracy = validated.Accuracy;
                    epochsSinceBest = 0;
                }
                else if (++epochsSinceBest >= _options.EarlyStoppingPatience)
                {
                    break;
                }
            }
        }

        return results;
    }

    /// <summary>The network's mean loss and accuracy on <paramref name="data"/>, in batches of the trainer's batch size.</summary>
    /// <param name="data">The samples.</param>
    /// <returns>Loss and accuracy.</returns>
    public Evaluation Evaluate(LabeledDataset data) => _evaluator.Evaluate(data);

    /// <summary>Releases the trainer's workspaces (not the network or optimizer).</summary>
    public void Dispose()
    {
        _workspace.Dispose();
        _evaluator.Dispose();
    }

    private float TrainBatch(LabeledDataset train, int[] order, int start, int batch, ref long correct)
    {
        Span<float> features = _workspace.Inputs(batch);
        Span<float> targets = _workspace.TargetValues(batch);
        Span<int> labels = _workspace.Labels(batch);
        train.Gather(order, start, batch, features, targets, labels);
        if (train.Labels is null)
        {
            return _network.TrainStep(features, targets, batch, _optimizer, _workspace);
        }

        float loss = _network.TrainStep(features, labels, batch, _optimizer, _workspace);

        // The last layer's output from this step's forward pass is still in the workspace: score it before the update's effect.
        Span<int> predicted = _predicted.AsSpan(0, batch);
        Reductions.ArgMaxRows(_workspace.Output(_network.Layers.Count - 1, batch), predicted, batch, _network.Outputs);
        correct += Evaluator.CountEqual(predicted, labels);
        return loss;
    }
}
