using System;
using SpanNet.Kernels;
using SpanNet.Layers;

namespace SpanNet.Networks;

/// <summary>Turns scores into what a network predicts, for <see cref="Network"/> and the inference session alike.</summary>
internal static class Predictions
{
    /// <summary>What a network with <paramref name="loss"/> predicted before the choice existed: probabilities for the fused softmax loss, scores otherwise.</summary>
    public static PredictionOutput DefaultFor(LossFunction loss) =>
        loss.Kind == LossKind.SoftmaxCrossEntropy ? PredictionOutput.Probabilities : PredictionOutput.Scores;

    /// <summary>Whether <paramref name="output"/> is one of the enum's named values.</summary>
    public static bool IsDefined(PredictionOutput output) => output is PredictionOutput.Scores or PredictionOutput.Probabilities or PredictionOutput.LogProbabilities;

    /// <summary>Writes the prediction of each row of <paramref name="scores"/> [rows, columns] into <paramref name="prediction"/>, which must not overlap it.</summary>
    public static void Write(PredictionOutput output, ReadOnlySpan<float> scores, Span<float> prediction, int rows, int columns)
    {
        switch (output)
        {
            case PredictionOutput.Probabilities: Softmax.Rows(scores, prediction, rows, columns); break;
            case PredictionOutput.LogProbabilities: Softmax.LogRows(scores, prediction, rows, columns); break;
            default: scores.CopyTo(prediction); break;
        }
    }
}
