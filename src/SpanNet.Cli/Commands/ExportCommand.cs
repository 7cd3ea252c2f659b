using System.CommandLine;
using System.IO;
using SpanNet.Networks;
using SpanNet.Onnx;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet export</c>: writes a saved (or imported ONNX) model as an ONNX model (opset 17) that ONNX Runtime can run.</summary>
internal sealed class ExportCommand
{
    private readonly CliConsole _console;
    private readonly Option<string> _model = SharedOptions.Model("The model to export: a SpanNet model file or an ONNX model");
    private readonly Option<string> _onnx = new("--onnx")
    {
        Description = "The ONNX file to write (replaced if it exists)",
        HelpName = "OUT.onnx",
        Required = true,
        Validators = { SharedOptions.RejectEmptyPath },
    };

    private ExportCommand(CliConsole console)
    {
        _console = console;
        Command = new Command("export", "Export a model as ONNX (opset 17; a final Softmax or LogSoftmax when the model predicts probabilities or log-probabilities)")
        {
            _model, _onnx,
        };
        Command.SetAction(Run);
    }

    private Command Command { get; }

    public static Command Create(CliConsole console) => new ExportCommand(console).Command;

    private int Run(ParseResult parsed)
    {
        string modelPath = Path.GetFullPath(parsed.GetRequiredValue(_model));
        string onnxPath = Path.GetFullPath(parsed.GetRequiredValue(_onnx));

        // Any network SpanNet can save or import exports, not only MNIST classifiers.
        using Network network = ModelLoader.Load(modelPath);
        OnnxExporter.Export(network, onnxPath);
        _console.Out.WriteLine($"exported {modelPath} ({network.Inputs} inputs, {network.Outputs} outputs, {network.Layers.Count} layers) to {onnxPath}");
        return ExitCodes.Success;
    }
}
