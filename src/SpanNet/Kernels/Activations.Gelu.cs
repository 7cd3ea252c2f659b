using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// The bound on <see cref="Gelu"/>'s relative error against the exact <c>x·Φ(x)</c>, over every finite float whose
    /// result is a normal float (measured over all of them: docs/ACCURACY.md); smaller results are within three
    /// subnormal steps (3·2⁻¹⁴⁹).
    /// </summary>
    public const float GeluMaxRelativeError = 4.6e-7f;

    /// <summary>
    /// GELU, the exact (erf) form, as torch's <c>nn.GELU()</c>: <c>y[i] = x·Φ(x) = ½·x·(1 + erf(x/√2))</c>, within
    /// <see cref="GeluMaxRelativeError"/>.
    /// </summary>
    /// <remarks>
    /// Φ is computed as <c>Φ(−|x|) = e^(−x²/2)·R(|x|)</c> (and <c>1 − Φ(−|x|)</c> for x &gt; 0), never as
    /// <c>1 + erf</c>, so negative inputs keep their relative accuracy down to where the result underflows
    /// (x ≈ −14). +∞ gives +∞; −∞ gives NaN (−∞·0, as torch computes it); NaN gives NaN.
    /// </remarks>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<GeluOperator>(x, y);
    }

    /// <summary>
    /// Backward pass of <see cref="Gelu"/> from its inputs: <c>dx[i] = dy[i]·(Φ(x) + x·φ(x))</c>, φ the standard normal
    /// density.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given (GELU's output does not determine them).</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/> or <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void GeluBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, Span<float> dInput)
    {
        CheckBackwardFromInput(dOutput, input, dInput);
        ElementWise.Apply<GeluBackwardOperator>(dOutput, input, dInput);
    }

    /// <summary>The checks every backward pass from (dOutput, input) to dInput makes, in the order the others make them.</summary>
    private static void CheckBackwardFromInput(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, Span<float> dInput)
    {
        Guard.Length(input.Length, dOutput.Length, nameof(input));
        Guard.Length(dInput.Length, dOutput.Length, nameof(dInput));
        Guard.InPlaceOrDisjoint(dOutput, dInput, nameof(dInput));
        Guard.InPlaceOrDisjoint(input, dInput, nameof(dInput));
    }
}

/// <summary>
/// <c>x·Φ(x)</c> from the Gaussian tail <c>Q = Φ(−|x|) = e^(−x²/2)·R(|x|)</c>: <c>(x·R)·e^(−x²/2)</c> for x &lt; 0,
/// where Q itself is subnormal from x ≈ −13 while x·Q is not yet, and <c>x·(1 − Q)</c> otherwise.
/// </summary>
internal readonly struct GeluOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec a = VectorMath.ClampForNormalTail(x);
        TVec e = VectorMath.ExpMinusHalfSquare(a);
        TVec r = VectorMath.NormalTailScaled(a);
        return TVec.Select(TVec.GreaterThan(TVec.Zero, x), x * r * e, x * TVec.MultiplyAdd(-e, r, TVec.One));
    }
}

/// <summary><c>dy·(Φ(x) + x·φ(x))</c>, φ(x) = e^(−x²/2)/√(2π).</summary>
internal readonly struct GeluBackwardOperator : IBinaryOperator
{
    private const float InverseSqrtTwoPi = 0.398942280f;

    public static TVec Invoke<TVec>(TVec dOutput, TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec a = VectorMath.ClampForNormalTail(x);
        TVec e = VectorMath.ExpMinusHalfSquare(a);
        TVec q = e * VectorMath.NormalTailScaled(a);
        TVec phi = TVec.Select(TVec.GreaterThan(TVec.Zero, x), q, TVec.One - q);
        TVec density = e * TVec.Create(InverseSqrtTwoPi);
        return dOutput * TVec.MultiplyAdd(x, density, phi);
    }
}
