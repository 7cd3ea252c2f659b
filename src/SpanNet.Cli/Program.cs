using System;

namespace SpanNet.Cli;

/// <summary>The <c>spannet</c> command line. The only place in SpanNet that prints or times.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string command = args.Length > 0 ? args[0] : "--help";
        switch (command)
        {
            case "train":
            case "eval":
            case "predict":
            case "demo":
                Console.Error.WriteLine($"spannet {command}: not yet available; the MNIST pipeline lands with issue #4.");
                return 2;
            case "--help":
            case "-h":
            case "help":
                Console.WriteLine("usage: spannet <train|eval|predict|demo> [options]");
                return 0;
            default:
                Console.Error.WriteLine($"spannet: unknown command '{command}'. Run 'spannet --help'.");
                return 2;
        }
    }
}
