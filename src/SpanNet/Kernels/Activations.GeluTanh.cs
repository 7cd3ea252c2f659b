using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// The bound on <see cref="GeluTanh"/>'s relative error against the formula evaluated exactly, over every finite
    /// float whose result is a normal float (measured over all of them: docs/ACCURACY.md). It is set by the float
    /// rounding of the logistic argument v itself, about 2⁻²⁴·|v| relative in an output that behaves like x·e^v for
    /// negative x: largest near x = −10, where the output is below 1e-36; for |x| ≤ 5 the error is within 2.1e-6.
    /// </summary>
    public const float GeluTanhMaxRelativeError = 1.4e-5f;

    // √(2/π) and 0.044715, as torch's nn.GELU(approximate="tanh") writes them.
    internal const float GeluTanhScale = 0.797884561f;
    internal const float GeluTanhCubic = 0.044715f;

    /// <summary>
    /// GELU, tanh approximation, as torch's <c>nn.GELU(approximate="tanh")</c>:
    /// <c>y[i] = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>, within <see cref="GeluTanhMaxRelativeError"/>.
    /// </summary>
    /// <remarks>
    /// Computed as the identical <c>x·σ(2u)</c>, u the tanh argument, which does not cancel for negative x the way
    /// <c>1 + tanh(u)</c> does. +∞ gives +∞; −∞ gives NaN (−∞·0, as torch computes it); NaN gives NaN.
    /// </remarks>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<GeluTanhOperator>(x, y);
    }

    /// <summary>
    /// Backward pass of <see cref="GeluTanh"/> from its inputs, as torch's: with <c>v = 2√(2/π)·(x + 0.044715·x³)</c>,
    /// <c>dx[i] = dy[i]·(σ(v) + x·σ(v)·(1 − σ(v))·v′)</c>, which is torch's
    /// <c>½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715·x²)</c> with t = tanh(v/2).
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/> or <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void GeluTanhBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, Span<float> dInput)
    {
        CheckBackwardFromInput(dOutput, input, dInput);
        ElementWise.Apply<GeluTanhBackwardOperator>(dOutput, input, dInput);
    }

    /// <summary>The logistic argument <c>v = 2u = x·(2√(2/π) + 2√(2/π)·0.044715·x²)</c>.</summary>
    internal static TVec GeluTanhArgument<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => x * TVec.MultiplyAdd(x * x, TVec.Create(2f * GeluTanhScale * GeluTanhCubic), TVec.Create(2f * GeluTanhScale));
}

/// <summary><c>x·σ(2√(2/π)·(x + 0.044715·x³))</c>.</summary>
internal readonly struct GeluTanhOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => VectorMath.MultiplyBySigmoid(x, Activations.GeluTanhArgument(x));
}

/// <summary><c>dy·(σ(v) + σ(v)(1 − σ(v))·x·v′)</c>, v′ = 2√(2/π)(1 + 3·0.044715·x²).</summary>
internal readonly struct GeluTanhBackwardOperator : IBinaryOperator
{
    private const float DerivativeConstant = 2f * Activations.GeluTanhScale;
    private const float DerivativeQuadratic = 2f * Activations.GeluTanhScale * 3f * Activations.GeluTanhCubic;

    // From |x| = 1e6 on σ(v)(1 − σ(v)) is exactly 0 while x·v′ would overflow (0·∞ = NaN); the clamp keeps x·v′ finite.
    private const float SlopeClamp = 1e6f;

    public static TVec Invoke<TVec>(TVec dOutput, TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec sigma = VectorMath.SigmoidWithComplement(Activations.GeluTanhArgument(x), out TVec complement);
        TVec clamped = TVec.MinNative(TVec.MaxNative(x, TVec.Create(-SlopeClamp)), TVec.Create(SlopeClamp));
        TVec slope = clamped * TVec.MultiplyAdd(clamped * clamped, TVec.Create(DerivativeQuadratic), TVec.Create(DerivativeConstant));
        return dOutput * TVec.MultiplyAdd(sigma * complement, slope, sigma);
    }
}
