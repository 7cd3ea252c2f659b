namespace SpanNet.Training;

/// <summary>A network's loss and accuracy on a dataset (accuracy is NaN for target rows).</summary>
/// <param name="Loss">Mean loss over the samples.</param>
/// <param name="Accuracy">Fraction classified right.</param>
public readonly record struct Evaluation(float Loss, float Accuracy);
