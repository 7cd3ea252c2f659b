using System;
using SpanNet.Data.Tables;
using SpanNet.Inference;

namespace SpanNet.Cli.Commands;

/// <summary>A model trained on a table: the frozen network and the preprocessing that turns raw rows into its inputs.</summary>
/// <param name="Model">The network, frozen for inference.</param>
/// <param name="Preprocessing">The table's fitted preprocessing, read from the model file.</param>
internal sealed record TabularModel(InferenceModel Model, TablePreprocessing Preprocessing)
{
    /// <summary>
    /// Predicts <paramref name="rows"/> encoded rows into <paramref name="output"/>: class probabilities
    /// [rows, classes] (whatever the network's prediction output), or values [rows] in the label's units.
    /// </summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> output, int rows)
    {
        using InferenceSession session = Model.CreateSession();
        session.Predict(features, output, rows);
        if (Preprocessing.Task == TableTask.Classification)
        {
            ClassProbabilities.FromPredictions(Model, output, rows);
            return;
        }

        for (int i = 0; i < rows; i++)
        {
            output[i] = Preprocessing.RestoreTarget(output[i]);
        }
    }
}
