namespace SpanNet.Cli.Progress;

/// <summary>What one epoch achieved and cost. Validation figures are null without <c>--validation-split</c>.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="TrainLoss">Mean batch loss during the epoch.</param>
/// <param name="TrainAccuracy">Fraction of training samples classified right during the epoch.</param>
/// <param name="ValidationLoss">Loss on the held-out part of the training set after the epoch.</param>
/// <param name="ValidationAccuracy">Accuracy on the held-out part after the epoch.</param>
/// <param name="TestLoss">Loss on the test set after the epoch.</param>
/// <param name="TestAccuracy">Accuracy on the test set after the epoch.</param>
/// <param name="TrainSeconds">Wall-clock time of the epoch's training steps (shuffle, gather, forward, backward, update) only.</param>
/// <param name="EvaluationSeconds">Wall-clock time of the validation and test evaluations after it.</param>
/// <param name="SamplesPerSecond">Training samples divided by <paramref name="TrainSeconds"/>.</param>
/// <param name="LearningRate">The learning rate used in the epoch.</param>
internal sealed record EpochRecord(
    int Epoch,
    float TrainLoss,
    float TrainAccuracy,
    float? ValidationLoss,
    float? ValidationAccuracy,
    float TestLoss,
    float TestAccuracy,
    double TrainSeconds,
    double EvaluationSeconds,
    double SamplesPerSecond,
    float LearningRate);
