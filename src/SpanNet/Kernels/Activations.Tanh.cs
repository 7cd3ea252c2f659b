using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>Hyperbolic tangent: <c>y[i] = tanh(x[i])</c>, within <see cref="TanhMaxRelativeError"/>.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs in [−1, 1]; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<TanhOperator>(x, y);
    }

    /// <summary>Backward pass of <see cref="Tanh"/> from its output: <c>dx[i] = dy[i] · (1 − y[i]²)</c>.</summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="output">The outputs <c>y</c> the forward pass wrote.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void TanhBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> output, Span<float> dInput)
    {
        Guard.Length(output.Length, dOutput.Length, nameof(output));
        Guard.Length(dInput.Length, dOutput.Length, nameof(dInput));
        Guard.InPlaceOrDisjoint(dOutput, dInput, nameof(dInput));
        Guard.InPlaceOrDisjoint(output, dInput, nameof(dInput));
        ElementWise.Apply<TanhBackwardOperator>(dOutput, output, dInput);
    }
}

/// <summary><c>tanh(x)</c>.</summary>
internal readonly struct TanhOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => VectorMath.Tanh(x);
}

/// <summary><c>dy · (1 − y)(1 + y)</c>: equal to 1 − y², but 1 − y is exact near |y| = 1 where 1 − y² would cancel.</summary>
internal readonly struct TanhBackwardOperator : IBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec output)
        where TVec : struct, IFloatVector<TVec>
        => dOutput * ((TVec.One - output) * (TVec.One + output));
}
