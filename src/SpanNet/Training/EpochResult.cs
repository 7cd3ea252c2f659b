namespace SpanNet.Training;

/// <summary>What one epoch achieved. Validation figures are NaN when there is no validation set.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean of the batch losses seen during the epoch.</param>
/// <param name="TrainAccuracy">Fraction of training samples classified right during the epoch (NaN for target rows).</param>
/// <param name="ValidationLoss">Loss on the validation set after the epoch.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation set after the epoch.</param>
/// <param name="LearningRate">The learning rate used in the epoch.</param>
public readonly record struct EpochResult(int Epoch, float TrainLoss, float TrainAccuracy, float ValidationLoss, float ValidationAccuracy, float LearningRate);
