using System.IO;
using SpanNet.Data;
using SpanNet.IO;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>Loads a model file for the commands that use one, and checks it reads MNIST images and gives 10 classes.</summary>
internal static class ModelLoader
{
    public static Network LoadMnistClassifier(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException($"--model '{path}' does not exist; train one with 'spannet train --out {path}'.");
        }

        Network network = ModelFile.Load(path);
        if (network.Inputs != MnistDataset.PixelsPerImage || network.Outputs != MnistDataset.Classes)
        {
            int inputs = network.Inputs, outputs = network.Outputs;
            network.Dispose();
            throw new UserErrorException(
                $"--model '{path}' maps {inputs} inputs to {outputs} outputs; an MNIST classifier maps {MnistDataset.PixelsPerImage} pixels to {MnistDataset.Classes} classes.");
        }

        return network;
    }
}
