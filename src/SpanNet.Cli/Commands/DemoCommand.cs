using System.CommandLine;
using SpanNet.Cli.Demo;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet demo</c>: the material's classics on one screen, computed by the library as they print.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("demo", "The classics on one screen: logic gates, XOR learned, backpropagation step by step, the computational graph");
        command.SetAction(_ =>
        {
            LogicGateDemo.Write(console.Out);
            XorTrainingDemo.Write(console.Out);
            BackpropagationDemo.Write(console.Out);
            ComputationalGraphDemo.Write(console.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
