using System.CommandLine;
using System.IO;
using SpanNet.Data.Tables;
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

        // Any network SpanNet can save or import exports, not only MNIST classifiers; a table model's numeric maps go
        // into the graph, so it takes encoded rows with raw numbers and answers in the label's units.
        using Network network = ModelLoader.Load(modelPath);
        TablePreprocessing? table = ModelLoader.ReadPreprocessing(File.ReadAllBytes(modelPath), modelPath, network);
        if (table is null)
        {
            OnnxExporter.Export(network, onnxPath);
        }
        else
        {
            (float[] mean, float[] scale) = table.NumericStandardization();
            bool regression = table.Task == TableTask.Regression;
            OnnxExporter.Export(network, onnxPath, new OnnxTableMaps(mean, scale, regression ? table.TargetScale : 1f, regression ? table.TargetMean : 0f));
            _console.Out.WriteLine($"the graph standardises the {table.Columns.Count} columns' numeric features itself; categorical columns enter one-hot encoded, missing numbers as their training mean");
        }

        _console.Out.WriteLine($"exported {modelPath} ({network.Inputs} inputs, {network.Outputs} outputs, {network.Layers.Count} layers) to {onnxPath}");
        return ExitCodes.Success;
    }
}
