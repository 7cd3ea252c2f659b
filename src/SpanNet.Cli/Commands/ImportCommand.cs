using System.CommandLine;
using System.IO;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Onnx;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet import MODEL.onnx --out FILE</c>: converts an ONNX model (from PyTorch, tf2onnx, …) into a SpanNet model file.</summary>
internal sealed class ImportCommand
{
    private readonly CliConsole _console;
    private readonly Argument<string> _onnx = new("MODEL.onnx")
    {
        Description = "The ONNX model to import (an MLP: Gemm/MatMul+Add, Relu, LeakyRelu, Sigmoid, Tanh, a final Softmax or LogSoftmax, ...)",
    };

    private readonly Option<string> _output = new("--out")
    {
        Description = "The SpanNet model file to write (replaced if it exists)",
        HelpName = "FILE",
        Required = true,
    };

    private ImportCommand(CliConsole console)
    {
        _console = console;
        Command = new Command("import", "Import an ONNX model (opsets 9-21) as a SpanNet model file, reporting the layers found")
        {
            _onnx, _output,
        };
        Command.SetAction(Run);
    }

    private Command Command { get; }

    public static Command Create(CliConsole console) => new ImportCommand(console).Command;

    private int Run(ParseResult parsed)
    {
        string onnxPath = Path.GetFullPath(parsed.GetRequiredValue(_onnx));
        string modelPath = Path.GetFullPath(parsed.GetRequiredValue(_output));
        if (!File.Exists(onnxPath))
        {
            throw new UserErrorException($"'{onnxPath}' does not exist.");
        }

        using Network network = OnnxImporter.Import(onnxPath);
        ModelFile.Save(network, modelPath);
        TextWriter output = _console.Out;
        output.WriteLine($"imported {onnxPath}: {network.Inputs} inputs, {network.Outputs} outputs, {network.Parameters.Length:N0} parameters");
        output.WriteLine($"layers: {LayerDescription.Of(network)}");
        output.WriteLine($"predicts {PredictionName(network.PredictionOutput)}; fine-tunes with {network.Loss.Kind} on the scores");
        output.WriteLine($"saved to {modelPath}");
        return ExitCodes.Success;
    }

    private static string PredictionName(PredictionOutput output) => output switch
    {
        PredictionOutput.Probabilities => "probabilities (a final Softmax)",
        PredictionOutput.LogProbabilities => "log-probabilities (a final LogSoftmax)",
        _ => "scores (the last layer's output)",
    };
}
