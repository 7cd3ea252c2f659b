using System;
using System.Buffers.Binary;
using System.IO;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>Model files from version 2 on store what the network predicts; version 1 files still load with the old meaning.</summary>
public class ModelFilePredictionOutputTests
{
    [Theory]
    [InlineData(PredictionOutput.Scores)]
    [InlineData(PredictionOutput.Probabilities)]
    [InlineData(PredictionOutput.LogProbabilities)]
    public void The_prediction_output_survives_save_and_load(PredictionOutput output)
    {
        using Network network = new NetworkBuilder(6).Dense(4, Activation.Relu).Dense(3).Predicting(output).Build(3);
        byte[] bytes = ModelFile.Serialize(network);
        Assert.Equal(ModelFile.Version, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        using Network loaded = ModelFile.Deserialize(bytes, "test");
        Assert.Equal(output, loaded.PredictionOutput);
        Assert.Equal(network.Parameters.Values.ToArray(), loaded.Parameters.Values.ToArray());
    }

    [Theory]
    [InlineData(false, PredictionOutput.Probabilities)]
    [InlineData(true, PredictionOutput.Scores)]
    public void A_version_1_file_loads_and_predicts_what_its_loss_implies(bool mse, PredictionOutput expected)
    {
        var builder = new NetworkBuilder(5).Dense(3, Activation.Sigmoid).Dense(2);
        using Network network = (mse ? builder.Loss(new SquaredErrorLoss()) : builder).Build(4);
        byte[] version1 = AsVersion1(ModelFile.Serialize(network), network.Layers.Count);
        using Network loaded = ModelFile.Deserialize(version1, "v1");
        Assert.Equal(expected, loaded.PredictionOutput);
        Assert.Equal(network.Loss.Kind, loaded.Loss.Kind);
        Assert.Equal(network.Parameters.Values.ToArray(), loaded.Parameters.Values.ToArray());
    }

    [Fact]
    public void A_loaded_version_1_file_runs_and_re_saves_as_the_same_model_in_the_current_version()
    {
        using Network network = new NetworkBuilder(4).Dense(3, Activation.Relu).Dense(2).Build(1);
        byte[] version1 = AsVersion1(ModelFile.Serialize(network), network.Layers.Count);
        LoadedModelExercise.Run(version1, "v1");
        using Network loaded = ModelFile.Deserialize(version1, "v1");
        Assert.Equal(ModelFile.Serialize(network), ModelFile.Serialize(loaded));
    }

    [Fact]
    public void An_unknown_prediction_output_is_refused_by_name()
    {
        using Network network = new NetworkBuilder(5).Dense(2).Build(4);
        byte[] bytes = ModelFile.Serialize(network);
        int predictionAt = 16 + (network.Layers.Count * 24) + 4;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(predictionAt), 9);
        ModelBytes.Rehash(bytes);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "bad"));
        Assert.Contains("prediction output 9", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The same model in the version 1 layout: 16-byte records, no prediction field, version 1, checksum recomputed.</summary>
    private static byte[] AsVersion1(byte[] current, int layers)
    {
        byte[] version2 = ModelBytes.AsVersion2(current);
        int predictionAt = 16 + (layers * 16) + 4;
        byte[] bytes = [.. version2.AsSpan(0, predictionAt), .. version2.AsSpan(predictionAt + 4)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 1);
        ModelBytes.Rehash(bytes);
        return bytes;
    }
}
