using System;
using System.Collections.Generic;
using System.CommandLine;

namespace SpanNet.Cli.Commands;

/// <summary>Options naming table columns: <c>--ignore id,name</c> or repeated (<c>--ignore id --ignore name</c>).</summary>
internal static class ColumnList
{
    public static Option<string[]> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "COL,...",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Every name the option was given, commas split, blanks dropped.</summary>
    public static IReadOnlyList<string> Names(string[]? values)
    {
        var names = new List<string>();
        foreach (string value in values ?? [])
        {
            foreach (string part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(part);
            }
        }

        return names;
    }
}
