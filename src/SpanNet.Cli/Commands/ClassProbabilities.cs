using System;
using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>
/// A classifier's predictions as class probabilities for the commands: a native model predicts probabilities, but an
/// imported one may predict logits or log-probabilities, as its ONNX graph did. The rule is the library's
/// (<see cref="Predictions.ToProbabilities"/>).
/// </summary>
internal static class ClassProbabilities
{
    public static void FromPredictions(InferenceModel model, Span<float> predictions, int batch) =>
        Predictions.ToProbabilities(model.PredictionOutput, model.Layers[^1] is SoftmaxLayer, predictions, batch, model.Outputs);
}
