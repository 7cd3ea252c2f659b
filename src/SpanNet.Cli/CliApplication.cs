using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Security;
using SpanNet.Cli.Commands;

using SpanNet.Threading;

namespace SpanNet.Cli;

/// <summary>
/// The <c>spannet</c> command line, callable in-process: parses the arguments, runs the command, and turns user
/// mistakes (bad options, missing or corrupt files) into one line on standard error and a non-zero exit code.
/// </summary>
internal static class CliApplication
{
    public const string Name = "spannet";

    /// <summary>Runs <paramref name="args"/> with output to the given writers, as if standard output were not a terminal.</summary>
    /// <returns>The exit code: see <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, new CliConsole(stdout, stderr, OutIsTerminal: false));

    /// <summary>Runs <paramref name="args"/> against <paramref name="console"/>.</summary>
    /// <returns>The exit code: see <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        RootCommand root = CreateRootCommand(console);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            string command = parsed.CommandResult.Command == root ? Name : $"{Name} {parsed.CommandResult.Command.Name}";
            console.Error.WriteLine($"{command}: {parsed.Errors[0].Message.TrimEnd('.')}; see '{command} --help'");
            return ExitCodes.Usage;
        }

        try
        {
            // Read before any command runs: a bad SPANNET_NUM_THREADS is the user's setting, so one line and a usage exit.
            _ = Parallelism.DefaultThreadCount;
        }
        catch (InvalidOperationException e)
        {
            console.Error.WriteLine($"{Name}: {e.Message}");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (IsUserError(e))
        {
            console.Error.WriteLine($"{Name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("SpanNet: zero-allocation SIMD multilayer perceptrons. Train, evaluate and use an MNIST digit classifier, or walk through the classics.")
        {
            TrainCommand.Create(console),
            EvalCommand.Create(console),
            PredictCommand.Create(console),
            DemoCommand.Create(console),
            ExportCommand.Create(console),
            ImportCommand.Create(console),
            InfoCommand.Create(console),
            ServeCommand.Create(console),
        };
        root.SetAction(_ =>
        {
            console.Error.WriteLine($"{Name}: name a command: train, eval, predict, demo, export, import, info or serve (see '{Name} --help')");
            return ExitCodes.Usage;
        });
        return root;
    }

    /// <summary>
    /// Failures a user causes and can fix. The library checks every input and says what is wrong in the message, so
    /// its argument and data exceptions count too; anything else is a bug and keeps its stack trace.
    /// </summary>
    private static bool IsUserError(Exception e) =>
        e is UserErrorException or IOException or InvalidDataException or UnauthorizedAccessException or SecurityException or ArgumentException;
}
