using System;
using System.IO;
using Google.Protobuf;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Training.Data;

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
        if (network.Inputs != MnistDataset.PixelsPerImage || network.Outputs != MnistDataset.Classes)
        {
            int inputs = network.Inputs, outputs = network.Outputs;
            network.Dispose();
            throw new UserErrorException(
                $"{option} '{path}' maps {inputs} inputs to {outputs} outputs; an MNIST classifier maps {MnistDataset.PixelsPerImage} pixels to {MnistDataset.Classes} classes.");
        }

        return network;
    }

    /// <summary>Any network, from a SpanNet model file or an ONNX model.</summary>
    public static Network Load(string path, string option = "--model")
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{option} '{path}' does not exist; train one with 'spannet train --out {path}' or import one with 'spannet import MODEL.onnx --out {path}'.");
        }

        if (IsSpanNetModel(path))
        {
            return ModelFile.Load(path);
        }

        try
        {
            return OnnxImporter.Import(path);
        }
        catch (OnnxImportException e) when (e.InnerException is InvalidProtocolBufferException)
        {
            throw new UserErrorException($"{option} '{path}' is neither a SpanNet model (it does not start with \"SPNN\") nor a valid ONNX model.");
        }
    }

    private static bool IsSpanNetModel(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using FileStream file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual("SPNN"u8);
    }
}
