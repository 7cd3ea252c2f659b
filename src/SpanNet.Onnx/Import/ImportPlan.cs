using System.Collections.Generic;
using SpanNet.Networks;

namespace SpanNet.Onnx.Import;

/// <summary>Everything the importer builds, checked: the input width, the layers in order and what the graph outputs.</summary>
internal sealed class ImportPlan
{
    public ImportPlan(int inputs, IReadOnlyList<PlannedLayer> layers, PredictionOutput prediction)
    {
        Inputs = inputs;
        Layers = layers;
        Prediction = prediction;
    }

    /// <summary>Features per sample: the product of the graph input's non-batch dims.</summary>
    public int Inputs { get; }

    public IReadOnlyList<PlannedLayer> Layers { get; }

    /// <summary>Scores, or the final Softmax / LogSoftmax the importer absorbed.</summary>
    public PredictionOutput Prediction { get; }
}
