using System;
using System.Buffers.Binary;
using System.Linq;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>"A loaded model is a model that runs": what every accepted model file must be able to do.</summary>
internal static class LoadedModelExercise
{
    /// <summary>
    /// Loads <paramref name="bytes"/> (which must be accepted) and re-saves (byte for byte, or for an older format
    /// version as a current file of the same model), forwards, predicts, exports and trains it,
    /// and loads it as an inference model; with <paramref name="compareInference"/>, the inference model's predictions
    /// must match the network's (fuzzed weights can overflow to ±∞ in either order of summation, so fuzzing skips that).
    /// </summary>
    public static void Run(byte[] bytes, string source, bool compareInference = true)
    {
        using Network network = ModelFile.Deserialize(bytes, source, out byte[] inputSchema);
        byte[] resaved = ModelFile.Serialize(network, inputSchema);
        if (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) == ModelFile.Version)
        {
            Assert.Equal(bytes, resaved);
        }
        else
        {
            // An older version re-saves in the current one (found by AFL: a version 1 file does not re-save byte for
            // byte), which must hold the same model and re-save byte for byte itself.
            using Network upgraded = ModelFile.Deserialize(resaved, source);
            Assert.Equal(network.Parameters.Values.ToArray(), upgraded.Parameters.Values.ToArray());
            Assert.Equal(network.PredictionOutput, upgraded.PredictionOutput);
            Assert.Equal(resaved, ModelFile.Serialize(upgraded, ModelFile.ReadInputSchema(resaved, source)));
        }

        const int Batch = 2;
        var input = new float[Batch * network.Inputs];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = ((i % 7) - 3) * 0.25f;
        }

        using Workspace workspace = network.CreateWorkspace(Batch);
        Assert.Equal(Batch * network.Outputs, network.Forward(input, Batch, workspace).Length);
        var predicted = new float[Batch * network.Outputs];
        network.Predict(input, predicted, Batch, workspace);

        InferenceModel model = InferenceModel.FromModelBytes(bytes, source);
        using (InferenceSession session = model.CreateSession())
        {
            var single = new float[Batch * network.Outputs];
            session.Predict(input, single, Batch);
            for (int i = 0; i < single.Length && compareInference; i++)
            {
                float tolerance = 1e-3f * Math.Max(1f, Math.Abs(predicted[i]));
                Assert.True(
                    Math.Abs(single[i] - predicted[i]) <= tolerance || (float.IsNaN(single[i]) && float.IsNaN(predicted[i])) || single[i] == predicted[i],
                    $"inference {single[i]} vs network {predicted[i]} at {i}");
            }
        }

        Assert.NotEmpty(OnnxExporter.ToBytes(network));

        if (network.Layers.All(layer => layer.IsTrainable))
        {
            using var sgd = new Sgd(network.Parameters.Length, 1e-3f);
            if (network.Loss.AcceptsLabels)
            {
                network.TrainStep(input, [0, network.Outputs - 1], Batch, sgd, workspace);
            }
            else
            {
                var targets = new float[Batch * network.Outputs];
                targets.AsSpan().Fill(1f / network.Outputs);
                network.TrainStep(input, targets, Batch, sgd, workspace);
            }
        }
    }

    /// <summary>The batch <see cref="Predict"/> runs, for callers that bound what it allocates.</summary>
    public const int PredictionBatch = 2;

    /// <summary>Predicts a batch of <see cref="PredictionBatch"/> samples of 0.5 (what an imported network must be able to do).</summary>
    public static void Predict(Network network)
    {
        var input = new float[PredictionBatch * network.Inputs];
        Array.Fill(input, 0.5f);
        using Workspace workspace = network.CreateWorkspace(PredictionBatch);
        network.Predict(input, new float[PredictionBatch * network.Outputs], PredictionBatch, workspace);
    }

    /// <summary>A model file the training loader rejected is rejected by the inference loader too, with the same exception.</summary>
    public static void AssertRejectedForInference(byte[] bytes, string source) =>
        Assert.Throws<System.IO.InvalidDataException>(() => InferenceModel.FromModelBytes(bytes, source));
}
