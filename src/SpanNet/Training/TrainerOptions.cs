using System;

namespace SpanNet.Training;

/// <summary>
/// How a <see cref="Trainer"/> runs: epochs, batch size, shuffling, early stopping and the learning-rate schedule.
/// Batch gradient descent is <c>BatchSize = dataset size</c>, stochastic is <c>BatchSize = 1</c>, mini-batch anything between.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training set. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per step. Default 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Whether to visit samples in a new random order each epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffling; the same seed gives the same order, and so bit-identical training. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Stop when validation accuracy has not improved for this many epochs (needs a validation set); 0 never stops early.
    /// </summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Multiply the learning rate by <see cref="DecayFactor"/> every this many epochs (step decay); 0 never decays.</summary>
    public int DecayEveryEpochs { get; init; }

    /// <summary>The step-decay factor, in (0, 1]. Default 0.5.</summary>
    public float DecayFactor { get; init; } = 0.5f;

    internal void Validate()
    {
        Guard.Positive(Epochs);
        Guard.Positive(BatchSize);
        Guard.NonNegative(EarlyStoppingPatience);
        Guard.NonNegative(DecayEveryEpochs);
        if (!(DecayFactor > 0f && DecayFactor <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(DecayFactor), DecayFactor, "DecayFactor must be in (0, 1].");
        }
    }
}
