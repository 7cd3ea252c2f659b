using System;

namespace SpanNet.Teaching;

/// <summary>The logic gates of the perceptron chapter, as two-input perceptrons with the material's weights and biases.</summary>
/// <remarks>
/// The gates differ only in their parameters, not in their structure, which is the chapter's point. The parameters
/// are one choice among infinitely many: AND is equally realised by <c>(w₁, w₂, b) = (0.5, 0.5, −0.8)</c> or
/// <c>(1.0, 1.0, −1.0)</c>.
/// </remarks>
public static class LogicGates
{
    /// <summary>AND: <c>(w₁, w₂, b) = (0.5, 0.5, −0.7)</c>; fires only for <c>(1, 1)</c>.</summary>
    public static Perceptron And { get; } = new([0.5f, 0.5f], -0.7f);

    /// <summary>NAND: <c>(w₁, w₂, b) = (−0.5, −0.5, 0.7)</c>, AND with every sign flipped; fires unless both inputs are 1.</summary>
    public static Perceptron Nand { get; } = new([-0.5f, -0.5f], 0.7f);

    /// <summary>OR: <c>(w₁, w₂, b) = (0.5, 0.5, −0.4)</c>; fires when either input is 1.</summary>
    public static Perceptron Or { get; } = new([0.5f, 0.5f], -0.4f);

    /// <summary>XOR as a two-layer perceptron: <c>AND(NAND(x₁, x₂), OR(x₁, x₂))</c>.</summary>
    /// <param name="x1">The first input, 0 or 1.</param>
    /// <param name="x2">The second input, 0 or 1.</param>
    /// <returns><c>1f</c> when exactly one input is 1, else <c>0f</c>.</returns>
    /// <remarks>
    /// No single perceptron realises XOR, because no line separates {(0, 1), (1, 0)} from {(0, 0), (1, 1)}: the two
    /// firing cases need <c>w₁ + b &gt; 0</c> and <c>w₂ + b &gt; 0</c>, whose sum gives <c>w₁ + w₂ + b &gt; −b</c>, and
    /// <c>(0, 0)</c> not firing needs <c>b ≤ 0</c>, so <c>(1, 1)</c> would fire too. Stacking a second layer on
    /// NAND and OR bends the boundary, which is why networks have layers.
    /// </remarks>
    public static float Xor(float x1, float x2)
    {
        ReadOnlySpan<float> hidden = [Nand.Evaluate([x1, x2]), Or.Evaluate([x1, x2])];
        return And.Evaluate(hidden);
    }
}
