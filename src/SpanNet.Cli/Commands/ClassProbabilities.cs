using System;
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
    public static void FromPredictions(Network network, Span<float> predictions, int batch)
    {
        switch (network.PredictionOutput)
        {
            case PredictionOutput.LogProbabilities:
                foreach (ref float value in predictions)
                {
                    value = MathF.Exp(value);
                }

                break;
            case PredictionOutput.Scores when network.Layers[^1] is not SoftmaxLayer:
                Softmax.Rows(predictions, predictions, batch, network.Outputs);
                break;
            default:
                break;
        }
    }
}
