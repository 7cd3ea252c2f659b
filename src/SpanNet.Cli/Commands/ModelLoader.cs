using System.IO;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Training.Data;

namespace SpanNet.Cli.Commands;

/// <summary>Loads a model file for the commands that use one, and checks it reads MNIST images and gives 10 classes.</summary>
internal static class ModelLoader
{
    public static Network LoadMnistClassifier(string path)
    {
        InputFile.Require("--model", path, $" Train one with 'spannet train --out {path}'.");

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
