namespace SpanNet.Layers;

/// <summary>The kinds of loss, with the numbers the model file stores.</summary>
public enum LossKind
{
    /// <summary>Softmax fused with categorical cross-entropy, on scores.</summary>
    SoftmaxCrossEntropy = 1,

    /// <summary>Categorical cross-entropy on probabilities.</summary>
    CrossEntropy = 2,

    /// <summary>Squared error, ½Σ per sample.</summary>
    HalfSumSquaredError = 3,

    /// <summary>Squared error, mean over outputs per sample.</summary>
    MeanSquaredError = 4,

    /// <summary>Binary cross-entropy on probabilities.</summary>
    BinaryCrossEntropy = 5,
}
