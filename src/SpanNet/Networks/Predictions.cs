using System;
using SpanNet.Kernels;
using SpanNet.Layers;

namespace SpanNet.Networks;

/// <summary>
/// What a prediction means, decided in one place: how scores become what a network predicts (for
/// <see cref="Network"/> and the inference session alike), and how any model's predictions become class probabilities.
/// </summary>
public static class Predictions
{
    /// <summary>
    /// Turns <paramref name="rows"/> rows of predictions, in place, into class probabilities, whatever the model
    /// predicts: probabilities stay; log-probabilities are exponentiated; scores are put through a row-wise softmax
    /// unless the model's last layer already is a softmax (<paramref name="endsInSoftmax"/>), as in a graph that ends in
    /// <c>Softmax</c> but was imported as predicting scores. Every row then sums to 1 (to rounding).
    /// </summary>
    /// <param name="output">What the model predicts.</param>
    /// <param name="endsInSoftmax">Whether the model's last layer is a softmax.</param>
    /// <param name="predictions">[rows, columns], read and written.</param>
    /// <param name="rows">Rows, at least 1.</param>
    /// <param name="columns">Classes, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or <paramref name="output"/> is not defined.</exception>
    /// <exception cref="ArgumentException"><paramref name="predictions"/> is not rows × columns long.</exception>
    public static void ToProbabilities(PredictionOutput output, bool endsInSoftmax, Span<float> predictions, int rows, int columns)
    {
        Guard.Positive(rows);
        Guard.Positive(columns);
        Guard.Length(predictions.Length, (long)rows * columns, nameof(predictions));
        if (!IsDefined(output))
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, "Not a prediction output.");
        }

        switch (output)
        {
            case PredictionOutput.LogProbabilities:
                foreach (ref float value in predictions)
                {
                    value = MathF.Exp(value);
                }

                break;
            case PredictionOutput.Scores when !endsInSoftmax:
                Softmax.Rows(predictions, predictions, rows, columns);
                break;
            default:
                break;
        }
    }

    /// <summary>What a network with <paramref name="loss"/> predicted before the choice existed: probabilities for the fused softmax loss, scores otherwise.</summary>
    internal static PredictionOutput DefaultFor(LossFunction loss) =>
        loss.Kind == LossKind.SoftmaxCrossEntropy ? PredictionOutput.Probabilities : PredictionOutput.Scores;

    /// <summary>Whether <paramref name="output"/> is one of the enum's named values.</summary>
    internal static bool IsDefined(PredictionOutput output) => output is PredictionOutput.Scores or PredictionOutput.Probabilities or PredictionOutput.LogProbabilities;

    /// <summary>Writes the prediction of each row of <paramref name="scores"/> [rows, columns] into <paramref name="prediction"/>, which must not overlap it.</summary>
    internal static void Write(PredictionOutput output, ReadOnlySpan<float> scores, Span<float> prediction, int rows, int columns)
    {
        switch (output)
        {
            case PredictionOutput.Probabilities: Softmax.Rows(scores, prediction, rows, columns); break;
            case PredictionOutput.LogProbabilities: Softmax.LogRows(scores, prediction, rows, columns); break;
            default: scores.CopyTo(prediction); break;
        }
    }
}
