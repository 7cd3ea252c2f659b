using System.IO;

namespace SpanNet.Cli.Demo;

/// <summary>Prints a demo section's title rule.</summary>
internal static class DemoSection
{
    private const int RuleWidth = 100;

    public static void Title(TextWriter output, string title)
    {
        output.WriteLine();
        string head = $"── {title} ";
        output.WriteLine(head + new string('─', System.Math.Max(3, RuleWidth - head.Length)));
    }
}
