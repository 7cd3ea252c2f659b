using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// The bound on <see cref="Silu"/>'s relative error against the exact <c>x·σ(x)</c>, over every finite float whose
    /// result is a normal float (measured over all of them: docs/ACCURACY.md).
    /// </summary>
    public const float SiluMaxRelativeError = 3.4e-7f;

    /// <summary>
    /// SiLU (swish), as torch's <c>nn.SiLU</c>: <c>y[i] = x·σ(x) = x / (1 + e^(−x))</c>, within
    /// <see cref="SiluMaxRelativeError"/>.
    /// </summary>
    /// <remarks>
    /// Negative inputs take <c>(x·h)·h / (1 + h²)</c> with <c>h = e^(x/2)</c>, so the result stays accurate down to
    /// where it underflows (x ≈ −92) instead of losing its bits with e^x below x ≈ −87. +∞ gives +∞; −∞ gives NaN
    /// (−∞·0, as torch computes it); NaN gives NaN.
    /// </remarks>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Silu(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<SiluOperator>(x, y);
    }

    /// <summary>
    /// Backward pass of <see cref="Silu"/> from its inputs, as torch's: <c>dx[i] = dy[i]·σ(x)·(1 + x·(1 − σ(x)))</c>.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given (SiLU is not one-to-one, so its output does not determine them).</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/> or <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void SiluBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, Span<float> dInput)
    {
        CheckBackwardFromInput(dOutput, input, dInput);
        ElementWise.Apply<SiluBackwardOperator>(dOutput, input, dInput);
    }
}

/// <summary><c>x·σ(x)</c>.</summary>
internal readonly struct SiluOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => VectorMath.MultiplyBySigmoid(x, x);
}

/// <summary><c>dy·σ(x)·(1 + x·(1 − σ(x)))</c>, 1 − σ(x) computed on its own rather than by cancellation.</summary>
internal readonly struct SiluBackwardOperator : IBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec sigma = VectorMath.SigmoidWithComplement(x, out TVec complement);
        return dOutput * (sigma * TVec.MultiplyAdd(x, complement, TVec.One));
    }
}
