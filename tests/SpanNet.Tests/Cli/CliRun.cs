using System;
using System.IO;
using SpanNet.Cli;

namespace SpanNet.Tests.Cli;

/// <summary>One in-process run of <c>spannet</c>: its exit code and everything it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = CliApplication.Run(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
