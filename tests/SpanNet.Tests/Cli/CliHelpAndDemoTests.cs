using System;
using System.Globalization;
using Xunit;

namespace SpanNet.Tests.Cli;

public class CliHelpAndDemoTests
{
    // The tutorial prints 8 decimals computed in double; float forward passes agree to ~1e-7, one SGD step to ~1e-6.
    private const double WorkedExampleTolerance = 1e-6;

    [Theory]
    [InlineData("--help")]
    [InlineData("train", "--help")]
    [InlineData("eval", "--help")]
    [InlineData("predict", "--help")]
    [InlineData("demo", "--help")]
    [InlineData("export", "--help")]
    [InlineData("train", "-h")]
    public void Every_command_has_help(params string[] args)
    {
        CliRun run = CliRun.Of(args);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Train_help_lists_every_option_of_the_issue()
    {
        string help = CliRun.Of("train", "--help").Out;

        foreach (string option in (string[])["--layers", "--activation", "--optimizer", "--lr", "--momentum", "--beta1", "--beta2", "--epsilon",
            "--rho", "--batch", "--epochs", "--seed", "--validation-split", "--early-stopping", "--mnist-dir", "--out", "--json"])
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Demo_prints_the_gates_xor_the_worked_backprop_numbers_and_the_apple_graph()
    {
        CliRun run = CliRun.Of("demo");

        Assert.True(run.ExitCode == 0, run.ToString());

        // The tutorial's printed values (computed in double), which the float32 network matches to about 1e-7.
        Assert.Equal(0.51998934, ValueAfter(run.Out, "h1 = σ(z_h1) = "), WorkedExampleTolerance);
        Assert.Equal(0.60944600, ValueAfter(run.Out, "o1 = σ(z_o1) = "), WorkedExampleTolerance);
        Assert.Equal(0.66384491, ValueAfter(run.Out, "o2 = σ(z_o2) = "), WorkedExampleTolerance);
        Assert.Equal(0.02397190, ValueAfter(run.Out, "½(o2 − t2)² = ", last: true), WorkedExampleTolerance);
        Assert.Equal(0.43703857, ValueAfter(run.Out, "w5⁺ = ", last: true), WorkedExampleTolerance);
        Assert.Equal(0.38685205, ValueAfter(run.Out, "w6⁺ = ", last: true), WorkedExampleTolerance);
        Assert.Equal(0.29959556, ValueAfter(run.Out, "w1⁺ = ", last: true), WorkedExampleTolerance);
        Assert.Equal(0.34928991, ValueAfter(run.Out, "w4⁺ = ", last: true), WorkedExampleTolerance);
        Assert.Equal(0.02323634, ValueAfter(run.Out, "E after the step = "), WorkedExampleTolerance);
        Assert.Contains("∂E/∂w5 = δo1·h1", run.Out, StringComparison.Ordinal);

        Assert.Contains("XOR", run.Out, StringComparison.Ordinal);
        Assert.Contains("price 220.00000000000003", run.Out, StringComparison.Ordinal);
        Assert.Contains("∂price/∂tax = 650", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_xor_network_learns_all_four_cases()
    {
        string output = CliRun.Of("demo").Out;
        string section = output[output.IndexOf("2. XOR learned", StringComparison.Ordinal)..output.IndexOf("3. Backpropagation", StringComparison.Ordinal)];

        foreach (string row in (string[])[" 0   0  │       0", " 1   0  │       1", " 0   1  │       1", " 1   1  │       0"])
        {
            int at = section.IndexOf(row, StringComparison.Ordinal);
            Assert.True(at >= 0, $"row '{row}' missing in\n{section}");
            string line = section[at..section.IndexOf('\n', at)];
            Assert.EndsWith(row[^1..], line.TrimEnd(), StringComparison.Ordinal);
        }
    }

    /// <summary>The number after <paramref name="label"/> on its line, or the line's last number when <paramref name="last"/>.</summary>
    private static double ValueAfter(string output, string label, bool last = false)
    {
        int at = output.IndexOf(label, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{label}' not found in the demo output");
        string line = output[(at + label.Length)..output.IndexOf('\n', at)];
        string number = last ? line[(line.LastIndexOf(' ') + 1)..] : line.Split(' ')[0];
        return double.Parse(number, CultureInfo.InvariantCulture);
    }
}
