using System;
using SpanNet.Inference;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>
/// Turns a classifier's predictions into class probabilities for <c>spannet predict</c>: a native model predicts
/// probabilities, but an imported one may predict logits or log-probabilities, as its ONNX graph did.
/// </summary>
internal static class ClassProbabilities
{
    public static void FromPredictions(InferenceModel model, Span<float> predictions, int batch)
    {
        switch (model.PredictionOutput)
        {
            case PredictionOutput.LogProbabilities:
                foreach (ref float value in predictions)
                {
                    value = MathF.Exp(value);
                }

                break;
            case PredictionOutput.Scores when model.Layers[^1] is not SoftmaxLayer:
                Softmax.Rows(predictions, predictions, batch, model.Outputs);
                break;
            default:
                break;
        }
    }
}
