using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>Leaky ReLU: <c>y[i] = x[i] &gt; 0 ? x[i] : α·x[i]</c>.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="slope">α, the slope for negative inputs, in [0, 1).</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is outside [0, 1).</exception>
    public static void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        Guard.UnitInterval(slope);
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<LeakyReluOperator>(x, slope, y);
    }

    /// <summary>Backward pass of <see cref="LeakyRelu"/>: <c>dx[i] = y[i] &gt; 0 ? dy[i] : α·dy[i]</c>.</summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="output">The outputs <c>y</c> the forward pass wrote; with α ≥ 0 they have the sign of the inputs.</param>
    /// <param name="slope">α, as given to the forward pass.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is outside [0, 1).</exception>
    public static void LeakyReluBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> output, float slope, Span<float> dInput)
    {
        Guard.UnitInterval(slope);
        Guard.Length(output.Length, dOutput.Length, nameof(output));
        Guard.Length(dInput.Length, dOutput.Length, nameof(dInput));
        Guard.InPlaceOrDisjoint(dOutput, dInput, nameof(dInput));
        Guard.InPlaceOrDisjoint(output, dInput, nameof(dInput));
        ElementWise.Apply<LeakyReluBackwardOperator>(dOutput, output, slope, dInput);
    }
}

/// <summary><c>x &gt; 0 ? x : α·x</c>.</summary>
internal readonly struct LeakyReluOperator : IScalarUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec slope)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(x, TVec.Zero), x, x * slope);
}

/// <summary><c>y &gt; 0 ? dy : α·dy</c>.</summary>
internal readonly struct LeakyReluBackwardOperator : IScalarBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec output, TVec slope)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(output, TVec.Zero), dOutput, dOutput * slope);
}
