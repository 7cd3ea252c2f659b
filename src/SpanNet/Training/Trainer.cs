using System;
using System.Collections.Generic;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Threading;
using SpanNet.Training.Optimizers;

namespace SpanNet.Training;

/// <summary>
/// Runs epochs of mini-batch training. Each step is the loop of llm.c and the material: next batch (a seeded shuffle,
/// gathered by a <see cref="BatchSampler"/>), forward and loss, zero gradients, backward, optimizer step; each epoch
/// ends with an evaluation. The buffers are made once per <see cref="Fit"/>, so the inner loop allocates nothing.
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
        TrainingStep.Check(network, optimizer);
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
        using var sampler = new BatchSampler(train, _options.BatchSize, _options.Shuffle, _options.Seed);
        bool serialSteps = StepThreads.TooSmallToSplit(_network, _options.BatchSize);
        float bestAccuracy = float.NegativeInfinity; // the best validation accuracy, or minus the best loss for target rows
        int epochsSinceBest = 0;
        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            if (_options.DecayEveryEpochs > 0 && epoch > 1 && (epoch - 1) % _options.DecayEveryEpochs == 0)
            {
                _optimizer.LearningRate *= _options.DecayFactor;
            }

            sampler.BeginEpoch();
            double lossSum = 0;
            long correct = 0;
            for (int step = 0; step < sampler.BatchCount; step++)
            {
                // The dataset was checked when it was made, and against the network above: no step checks it again.
                using var serial = new SerialScope(serialSteps);
                Batch batch = sampler.Next();
                Targets targets = batch.Labels.IsEmpty ? Targets.FromValues(batch.Targets) : Targets.FromLabels(batch.Labels);
                float loss = _network.TrainingPasses(batch.Inputs, targets, batch.Count, _workspace);
                _optimizer.Step(_network.Parameters.Values, _network.Parameters.Gradients);

                correct += CountCorrect(batch);
                lossSum += (double)loss * batch.Count;
                observer?.OnIteration(epoch, step + 1, sampler.BatchCount, loss);
            }

            Evaluation validated = validation is null ? new Evaluation(float.NaN, float.NaN) : Evaluate(validation);
            var result = new EpochResult(
                epoch,
                (float)(lossSum / Math.Max(train.Count, 1)),
                train.HasLabels ? (float)correct / Math.Max(train.Count, 1) : float.NaN,
                validated.Loss,
                validated.Accuracy,
                _optimizer.LearningRate);
            results.Add(result);
            observer?.OnEpochEnd(in result);

            if (_options.EarlyStoppingPatience > 0)
            {
                // Target rows have no accuracy (NaN): a regressor improves when its validation loss falls.
                float score = float.IsNaN(validated.Accuracy) ? -validated.Loss : validated.Accuracy;
                if (score > bestAccuracy)
                {
                    bestAccuracy = score;
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

    /// <summary>How many of the batch's samples the forward pass just run classified right (0 for target rows).</summary>
    private int CountCorrect(Batch batch)
    {
        if (batch.Labels.IsEmpty)
        {
            return 0;
        }

        // The last layer's scores from this step's forward pass are still in the workspace: the step before the update.
        Span<int> predicted = _predicted.AsSpan(0, batch.Count);
        Reductions.ArgMaxRows(_workspace.Output(_network.Layers.Count - 1, batch.Count), predicted, batch.Count, _network.Outputs);
        return Evaluator.CountEqual(predicted, batch.Labels);
    }
}
