using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SpanNet.Cli.Commands;

/// <summary>
/// Number options that parse and range-check in one step, so a bad value ("x", "-3", "1.5" for a fraction) is a parse
/// error naming the option (exit code 2) before anything runs.
/// </summary>
internal static class NumericOptions
{
    /// <summary>A whole number of at least <paramref name="minimum"/>, <paramref name="fallback"/> when absent.</summary>
    public static Option<int> Integer(string name, string description, int fallback, int minimum = int.MinValue) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => fallback,
        CustomParser = result => ParseInteger(result, name, minimum) ?? fallback,
    };

    /// <summary>A whole number of at least <paramref name="minimum"/>, or null when absent.</summary>
    public static Option<int?> OptionalInteger(string name, string description, int minimum) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result => ParseInteger(result, name, minimum),
    };

    /// <summary>A real number satisfying <paramref name="isValid"/> (described by <paramref name="range"/>), <paramref name="fallback"/> when absent.</summary>
    public static Option<float> Real(string name, string description, string helpName, float fallback, Func<float, bool> isValid, string range) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => fallback,
        CustomParser = result => ParseReal(result, name, isValid, range) ?? fallback,
    };

    /// <summary>A real number satisfying <paramref name="isValid"/>, or null when absent (the default then depends on other options).</summary>
    public static Option<float?> OptionalReal(string name, string description, string helpName, Func<float, bool> isValid, string range) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => ParseReal(result, name, isValid, range),
    };

    public static bool IsPositive(float value) => float.IsFinite(value) && value > 0f;

    /// <summary>[0, 1): decay coefficients such as μ, β and ρ.</summary>
    public static bool IsCoefficient(float value) => value is >= 0f and < 1f;

    private static int? ParseInteger(ArgumentResult result, string name, int minimum)
    {
        string text = Token(result);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"{name} takes a whole number; '{text}' is not one.");
            return null;
        }

        if (value < minimum)
        {
            result.AddError($"{name} must be at least {minimum}; it was {value}.");
            return null;
        }

        return value;
    }

    private static float? ParseReal(ArgumentResult result, string name, Func<float, bool> isValid, string range)
    {
        string text = Token(result);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
        {
            result.AddError($"{name} takes a number; '{text}' is not one.");
            return null;
        }

        if (!isValid(value))
        {
            result.AddError($"{name} must be {range}; it was {text}.");
            return null;
        }

        return value;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;

    /// <summary>
    /// The value of <paramref name="option"/> for a command validator, or false when its own parse failed. Custom
    /// parsers run lazily, on the first read, and System.CommandLine reports a value that did not parse by throwing
    /// <see cref="InvalidOperationException"/> from that read; the parser's error is recorded all the same and becomes
    /// the one-line usage error, so the validator only has to skip the option.
    /// </summary>
    public static bool TryGetParsedValue<T>(this CommandResult result, Option<T> option, out T? value)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            value = result.GetValue(option);
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>Whether the user typed the option (as opposed to its default applying).</summary>
    public static bool WasGiven(this ParseResult parsed, Option option)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.GetResult(option) is { Implicit: false };
    }
}
