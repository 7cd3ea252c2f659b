using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace SpanNet.Cli.Commands;

/// <summary>
/// The spelled-out names an option accepts for an enum (<c>leaky-relu</c>, not <c>LeakyRelu</c>), so each choice is
/// typed once here and the compiler, not a string comparison in the handler, catches a misspelt case.
/// </summary>
/// <typeparam name="T">The enum the names stand for.</typeparam>
internal sealed class NamedChoice<T>
    where T : struct, Enum
{
    private readonly KeyValuePair<string, T>[] _choices;

    public NamedChoice(params KeyValuePair<string, T>[] choices)
    {
        _choices = choices;
    }

    /// <summary>The names joined by <c>|</c>, for help text.</summary>
    public string HelpName => string.Join('|', Array.ConvertAll(_choices, choice => choice.Key));

    /// <summary>
    /// An option taking one of the names, with completions; null when absent, so the help shows the name of
    /// <paramref name="fallback"/> as the default rather than the enum member's.
    /// </summary>
    public Option<T?> CreateOption(string name, string description, T fallback) => CreateOption(name, $"{description} [default: {NameOf(fallback)}]");

    /// <summary>An option taking one of the names, with completions; null when absent. <paramref name="description"/> states the default itself.</summary>
    public Option<T?> CreateOption(string name, string description)
    {
        var option = new Option<T?>(name)
        {
            Description = description,
            HelpName = HelpName,
            CustomParser = Parse,
        };
        option.CompletionSources.Add(Array.ConvertAll(_choices, choice => choice.Key));
        return option;
    }

    /// <summary>The name of <paramref name="value"/>.</summary>
    public string NameOf(T value)
    {
        foreach (KeyValuePair<string, T> choice in _choices)
        {
            if (EqualityComparer<T>.Default.Equals(choice.Value, value))
            {
                return choice.Key;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "The value has no name.");
    }

    private T? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        foreach (KeyValuePair<string, T> choice in _choices)
        {
            if (string.Equals(choice.Key, text, StringComparison.OrdinalIgnoreCase))
            {
                return choice.Value;
            }
        }

        result.AddError($"'{text}' is not one of {HelpName}.");
        return null;
    }
}
