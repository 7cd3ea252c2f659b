using System.Globalization;
using System.IO;
using System.Text;
using SpanNet.Teaching;

namespace SpanNet.Cli.Demo;

/// <summary>The perceptron chapter: AND, NAND and OR as single perceptrons, XOR as two layers of them.</summary>
internal static class LogicGateDemo
{
    private static readonly (float X1, float X2)[] Inputs = [(0, 0), (1, 0), (0, 1), (1, 1)];

    public static void Write(TextWriter output)
    {
        DemoSection.Title(output, "1. Perceptrons: logic gates");
        output.WriteLine("y = 1 if w1·x1 + w2·x2 + b > 0, else 0. The gates share one structure and differ only in (w1, w2, b).");
        output.WriteLine();
        output.WriteLine("gate     w1     w2      b  │ (0,0) (1,0) (0,1) (1,1)   ← (x1, x2)");
        WriteGate(output, "AND", LogicGates.And);
        WriteGate(output, "NAND", LogicGates.Nand);
        WriteGate(output, "OR", LogicGates.Or);
        output.WriteLine();
        output.WriteLine("XOR: no single line separates {(1,0), (0,1)} from {(0,0), (1,1)}, but two layers do: XOR = AND(NAND, OR).");
        output.WriteLine("x1  x2  │  s1 = NAND  s2 = OR  │  y = AND(s1, s2)");
        foreach ((float x1, float x2) in Inputs)
        {
            float s1 = LogicGates.Nand.Evaluate([x1, x2]);
            float s2 = LogicGates.Or.Evaluate([x1, x2]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{x1,2}  {x2,2}  │  {s1,9}  {s2,7}  │  {LogicGates.Xor(x1, x2),15}"));
        }
    }

    private static void WriteGate(TextWriter output, string name, Perceptron gate)
    {
        var row = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{name,-5}{gate.Weights[0],6:0.0#} {gate.Weights[1],6:0.0#} {gate.Bias,6:0.0#}  │"));
        foreach ((float x1, float x2) in Inputs)
        {
            row.Append(CultureInfo.InvariantCulture, $"   {gate.Evaluate([x1, x2])}  ");
        }

        output.WriteLine(row.ToString().TrimEnd());
    }
}
