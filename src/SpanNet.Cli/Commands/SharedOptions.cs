using System;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace SpanNet.Cli.Commands;

/// <summary>Options several commands take, made fresh for each command (an option belongs to one parent).</summary>
internal static class SharedOptions
{
    public static Option<string?> MnistDirectory() => new("--mnist-dir")
    {
        Description = "Read the four MNIST IDX files (raw or .gz) from this folder as they are, without SHA-256 check "
            + "[default: the verified cache, ~/.cache/spannet/mnist, fetched on first use]",
        HelpName = "DIR",
        Validators = { RejectEmptyPath },
    };

    public static Option<bool> Json(string what) => new("--json")
    {
        Description = $"Print one JSON object with {what} to standard output and nothing else (logs go to standard error)",
    };

    public static Option<string> Model(string description) => new("--model")
    {
        Description = description,
        HelpName = "FILE",
        Required = true,
        Validators = { RejectEmptyPath },
    };

    /// <summary>A path option given as <c>''</c> is a usage error (exit 2), not a file-system failure later.</summary>
    public static void RejectEmptyPath(OptionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[0].Value))
        {
            result.AddError($"{result.Option.Name} needs a path; it was empty.");
        }
    }
}
