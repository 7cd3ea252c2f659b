using System;

namespace SpanNet.Cli;

/// <summary>The <c>spannet</c> executable: the real console around <see cref="CliApplication"/>.</summary>
internal static class Program
{
    private static int Main(string[] args) =>
        CliApplication.Run(args, new CliConsole(Console.Out, Console.Error, OutIsTerminal: !Console.IsOutputRedirected));
}
