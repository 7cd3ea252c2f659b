using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>The bound on <see cref="Elu"/>'s relative error against the exact <c>α·(e^x − 1)</c> for x ≤ 0 (x &gt; 0 is exact).</summary>
    public const float EluMaxRelativeError = VectorMath.ExpMinusOneMaxRelativeError;

    /// <summary>
    /// ELU: <c>y[i] = x[i] &gt; 0 ? x[i] : α·(e^x[i] − 1)</c>, within <see cref="EluMaxRelativeError"/> of the exact value.
    /// </summary>
    /// <param name="x">The inputs.</param>
    /// <param name="alpha">α, the magnitude the outputs saturate at for very negative inputs; finite and positive.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite and positive.</exception>
    public static void Elu(ReadOnlySpan<float> x, float alpha, Span<float> y)
    {
        Guard.FinitePositive(alpha);
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<EluOperator>(x, alpha, y);
    }

    /// <summary>
    /// Backward pass of <see cref="Elu"/> from its outputs: <c>dx[i] = y[i] &gt; 0 ? dy[i] : dy[i]·(y[i] + α)</c>, since
    /// for x ≤ 0 the derivative α·e^x equals y + α.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="output">The outputs <c>y</c> the forward pass wrote; positive exactly where the inputs were.</param>
    /// <param name="alpha">α, as given to the forward pass.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite and positive.</exception>
    public static void EluBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> output, float alpha, Span<float> dInput)
    {
        Guard.FinitePositive(alpha);
        Guard.Length(output.Length, dOutput.Length, nameof(output));
        Guard.Length(dInput.Length, dOutput.Length, nameof(dInput));
        Guard.InPlaceOrDisjoint(dOutput, dInput, nameof(dInput));
        Guard.InPlaceOrDisjoint(output, dInput, nameof(dInput));
        ElementWise.Apply<EluBackwardOperator>(dOutput, output, alpha, dInput);
    }
}

/// <summary><c>x &gt; 0 ? x : α·(e^x − 1)</c>.</summary>
internal readonly struct EluOperator : IScalarUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec alpha)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(x, TVec.Zero), x, alpha * VectorMath.ExpMinusOne(x));
}

/// <summary><c>y &gt; 0 ? dy : dy·(y + α)</c>.</summary>
internal readonly struct EluBackwardOperator : IScalarBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec output, TVec alpha)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(output, TVec.Zero), dOutput, dOutput * (output + alpha));
}
