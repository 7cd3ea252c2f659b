using System;
using System.IO;
using Google.Protobuf;
using SpanNet.Data;
using SpanNet.Data.Tables;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;

namespace SpanNet.Cli.Commands;

/// <summary>
/// Loads a model for the commands that use one: a SpanNet model file (told by its "SPNN" magic) or, failing that, an
/// ONNX model, whatever the file is called; and checks an MNIST classifier reads MNIST images and gives 10 classes.
/// </summary>
internal static class ModelLoader
{
    public static Network LoadMnistClassifier(string path, string option = "--model")
    {
        Network network = Load(path, option);
        if (!IsMnistShaped(network.Inputs, network.Outputs))
        {
            int inputs = network.Inputs, outputs = network.Outputs;
            network.Dispose();
            throw NotMnistShaped(option, path, inputs, outputs);
        }

        return network;
    }

    /// <summary>Loads the model at <paramref name="path"/> frozen for inference, refusing one that is not shaped for MNIST.</summary>
    /// <exception cref="UserErrorException">The file does not exist, is neither format, or the model is not 784 → 10.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid model.</exception>
    public static InferenceModel LoadMnistInferenceModel(string path, string option = "--model", WeightPrecision precision = WeightPrecision.Fp32)
    {
        CheckExists(path, option);
        InferenceModel model;
        if (IsSpanNetModel(path))
        {
            model = InferenceModel.Load(path, precision);
        }
        else
        {
            using Network network = ImportOnnx(path, option);
            model = InferenceModel.FromNetwork(network, precision);
        }

        return IsMnistShaped(model.Inputs, model.Outputs) ? model : throw NotMnistShaped(option, path, model.Inputs, model.Outputs);
    }

    /// <summary>
    /// The one loading path of a tabular model for <c>predict</c>, <c>eval</c> and <c>serve</c>: a SpanNet model file
    /// with an input schema (written by <c>train --data</c>), frozen for inference, and its preprocessing, whose widths
    /// must match the network's.
    /// </summary>
    /// <exception cref="UserErrorException">The file does not exist, is not a SpanNet model, or has no table schema.</exception>
    /// <exception cref="InvalidDataException">The model or its schema is not valid.</exception>
    public static TabularModel LoadTabular(string path, string option = "--model", WeightPrecision precision = WeightPrecision.Fp32)
    {
        CheckExists(path, option);
        byte[] bytes = File.ReadAllBytes(path);
        if (!ModelFile.HasMagic(bytes))
        {
            throw new UserErrorException($"{option} '{path}' is not a SpanNet model file; a model for tables is trained with 'spannet train --data FILE --label COLUMN'.");
        }

        using Network network = ModelFile.Deserialize(bytes, path);
        TablePreprocessing preprocessing = ReadPreprocessing(bytes, path, network)
            ?? throw new UserErrorException($"{option} '{path}' has no table schema (it was not trained with --data), so it cannot read table rows.");
        return new TabularModel(InferenceModel.FromNetwork(network, precision), preprocessing);
    }

    /// <summary>
    /// The table preprocessing stored in a model's bytes, checked against its network's widths; null for an ONNX model
    /// or a model file without an input schema.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored schema is not valid, or does not fit the network.</exception>
    public static TablePreprocessing? ReadPreprocessing(byte[] bytes, string path, Network network)
    {
        if (!ModelFile.HasMagic(bytes))
        {
            return null;
        }

        byte[] schema = ModelFile.ReadInputSchema(bytes, path);
        if (schema.Length == 0)
        {
            return null;
        }

        TablePreprocessing preprocessing = TablePreprocessing.Parse(schema, path);
        if (preprocessing.FeatureCount != network.Inputs || preprocessing.OutputCount != network.Outputs)
        {
            throw new InvalidDataException($"'{path}' is not a usable SpanNet model: its table schema gives {preprocessing.FeatureCount} inputs and {preprocessing.OutputCount} outputs but its network maps {network.Inputs} to {network.Outputs}.");
        }

        return preprocessing;
    }

    /// <summary>Any network from a model's bytes, told by content: a SpanNet model file or an ONNX model.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid SpanNet model.</exception>
    /// <exception cref="UserErrorException">They are neither format.</exception>
    /// <exception cref="OnnxImportException">They are an ONNX model SpanNet cannot import.</exception>
    public static Network FromBytes(byte[] bytes, string source, string option = "--model")
    {
        if (ModelFile.HasMagic(bytes))
        {
            return ModelFile.Deserialize(bytes, source);
        }

        using var stream = new MemoryStream(bytes, writable: false);
        return ImportOnnx(() => OnnxImporter.Import(stream), source, option);
    }

    /// <summary>Any network, from a SpanNet model file or an ONNX model.</summary>
    public static Network Load(string path, string option = "--model")
    {
        CheckExists(path, option);
        return IsSpanNetModel(path) ? ModelFile.Load(path) : ImportOnnx(path, option);
    }

    private static Network ImportOnnx(string path, string option) => ImportOnnx(() => OnnxImporter.Import(path), path, option);

    private static Network ImportOnnx(Func<Network> import, string path, string option)
    {
        try
        {
            return import();
        }
        catch (OnnxImportException e) when (e.InnerException is InvalidProtocolBufferException)
        {
            throw new UserErrorException($"{option} '{path}' is neither a SpanNet model (it does not start with \"SPNN\") nor a valid ONNX model.");
        }
    }

    private static void CheckExists(string path, string option) =>
        InputFile.Require(option, path, $" Train one with 'spannet train --out {path}', or import one with 'spannet import MODEL.onnx --out {path}'.");

    private static bool IsSpanNetModel(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using FileStream file = File.OpenRead(path);
        return ModelFile.HasMagic(head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
    }

    private static bool IsMnistShaped(int inputs, int outputs) => inputs == MnistDataset.PixelsPerImage && outputs == MnistDataset.Classes;

    private static UserErrorException NotMnistShaped(string option, string path, int inputs, int outputs) => new(
        $"{option} '{path}' maps {inputs} inputs to {outputs} outputs; an MNIST classifier maps {MnistDataset.PixelsPerImage} pixels to {MnistDataset.Classes} classes.");
}
