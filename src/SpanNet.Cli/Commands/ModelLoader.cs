using System.IO;
using SpanNet.Data;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>Loads a model file for the commands that use one, and checks it reads MNIST images and gives 10 classes.</summary>
internal static class ModelLoader
{
    public static Network LoadMnistClassifier(string path)
    {
        CheckExists(path);
        Network network = ModelFile.Load(path);
        if (!IsMnistShaped(network.Inputs, network.Outputs))
        {
            int inputs = network.Inputs, outputs = network.Outputs;
            network.Dispose();
            throw NotMnistShaped(path, inputs, outputs);
        }

        return network;
    }

    /// <summary>Loads the model at <paramref name="path"/> frozen for inference, refusing one that is not shaped for MNIST.</summary>
    /// <exception cref="UserErrorException">The file does not exist, or the model is not 784 → 10.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid model.</exception>
    public static InferenceModel LoadMnistInferenceModel(string path)
    {
        CheckExists(path);
        InferenceModel model = InferenceModel.Load(path);
        return IsMnistShaped(model.Inputs, model.Outputs) ? model : throw NotMnistShaped(path, model.Inputs, model.Outputs);
    }

    private static void CheckExists(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserErrorException($"--model '{path}' does not exist; train one with 'spannet train --out {path}'.");
        }
    }

    private static bool IsMnistShaped(int inputs, int outputs) => inputs == MnistDataset.PixelsPerImage && outputs == MnistDataset.Classes;

    private static UserErrorException NotMnistShaped(string path, int inputs, int outputs) => new(
        $"--model '{path}' maps {inputs} inputs to {outputs} outputs; an MNIST classifier maps {MnistDataset.PixelsPerImage} pixels to {MnistDataset.Classes} classes.");
}
