namespace SpanNet.Networks;

/// <summary>
/// What <see cref="Network.Predict"/> and <c>InferenceSession.Predict</c> return, computed from the last layer's
/// output (the scores). Training does not look at it: the loss always works on the scores, so a classifier predicts
/// probabilities or log-probabilities yet trains by the fused softmax cross-entropy on its logits. The numbers are
/// the ones the model file stores.
/// </summary>
public enum PredictionOutput
{
    /// <summary>The last layer's output as it is (logits for a classifier, values for a regressor).</summary>
    Scores = 1,

    /// <summary>Row-wise softmax of the scores: class probabilities.</summary>
    Probabilities = 2,

    /// <summary>Row-wise log-softmax of the scores: log-probabilities, as a graph ending in <c>LogSoftmax</c> gives.</summary>
    LogProbabilities = 3,
}
