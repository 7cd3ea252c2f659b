using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// The bound on <see cref="Softplus"/>'s relative error against the exact <c>(1/β)·log(1 + e^(βx))</c> with β = 1,
    /// over every finite float whose result is a normal float (measured over all of them: docs/ACCURACY.md). Other β
    /// add one rounding (the division by β); β &lt; 1 also loses bits where e^(βx) is subnormal (βx &lt; −87.3) but the
    /// result is not.
    /// </summary>
    public const float SoftplusMaxRelativeError = 2.4e-7f;

    /// <summary>torch's default β for <see cref="Softplus"/>.</summary>
    public const float SoftplusDefaultBeta = 1f;

    /// <summary>torch's default threshold for <see cref="Softplus"/>.</summary>
    public const float SoftplusDefaultThreshold = 20f;

    /// <summary>
    /// Softplus, as torch's <c>nn.Softplus(beta, threshold)</c>: <c>y[i] = (1/β)·log(1 + e^(β·x[i]))</c>, and
    /// <c>y[i] = x[i]</c> where <c>β·x[i] &gt; threshold</c> (β·x rounded to float, as torch compares it); within
    /// <see cref="SoftplusMaxRelativeError"/>.
    /// </summary>
    /// <remarks>
    /// Computed as <c>max(z, 0) + log1p(e^(−|z|))</c>, z = βx carried as an exact sum of two floats, so nothing
    /// overflows for large x and very negative x keep their relative accuracy (the result is then ≈ e^(βx)/β).
    /// +∞ gives +∞, −∞ gives 0, NaN gives NaN.
    /// </remarks>
    /// <param name="x">The inputs.</param>
    /// <param name="beta">β, finite and positive (<see cref="SoftplusDefaultBeta"/> = 1 in torch).</param>
    /// <param name="threshold">Above this, β·x counts as linear; finite (<see cref="SoftplusDefaultThreshold"/> = 20 in torch).</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not finite and positive, or <paramref name="threshold"/> is not finite.</exception>
    public static void Softplus(ReadOnlySpan<float> x, float beta, float threshold, Span<float> y)
    {
        Guard.FinitePositive(beta);
        Guard.Finite(threshold);
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<SoftplusOperator>(x, beta, threshold, y);
    }

    /// <summary>
    /// Backward pass of <see cref="Softplus"/> from its inputs, as torch's: <c>dx[i] = dy[i]·σ(β·x[i])</c>, and
    /// <c>dx[i] = dy[i]</c> where <c>β·x[i] &gt; threshold</c>.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given.</param>
    /// <param name="beta">β, as given to the forward pass.</param>
    /// <param name="threshold">The threshold, as given to the forward pass.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/> or <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not finite and positive, or <paramref name="threshold"/> is not finite.</exception>
    public static void SoftplusBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, float beta, float threshold, Span<float> dInput)
    {
        Guard.FinitePositive(beta);
        Guard.Finite(threshold);
        CheckBackwardFromInput(dOutput, input, dInput);
        ElementWise.Apply<SoftplusBackwardOperator>(dOutput, input, beta, threshold, dInput);
    }

    /// <summary>
    /// <c>e^(−|z|)</c> for <c>z = β·x</c> taken exactly: <paramref name="high"/> is β·x rounded, <paramref name="low"/>
    /// its rounding error (FMA), and the result is <c>e^(−|high|)·(1 ∓ low)</c>.
    /// </summary>
    internal static TVec ExpOfMinusAbsProduct<TVec>(TVec beta, TVec x, out TVec high, out TVec low)
        where TVec : struct, IFloatVector<TVec>
    {
        high = beta * x;
        low = TVec.MultiplyAdd(beta, x, -high);

        // Where β·x overflowed, low is ±∞ or NaN and e^(−|high|) is 0: dropping the correction keeps 0·∞ out. Wherever
        // e^(−|high|) is not 0, |high| < 104 and |low| is at most half its ulp, far below 1; a larger low (|βx| ≥ 2²⁴)
        // only costs the linear part an ulp of βx.
        low = TVec.Select(TVec.GreaterThan(TVec.One, TVec.Abs(low)), low, TVec.Zero);
        TVec e = VectorMath.Exp(-TVec.Abs(high));
        TVec correction = TVec.Select(TVec.GreaterThan(high, TVec.Zero), -low, low);
        return TVec.MultiplyAdd(e, correction, e);
    }
}

/// <summary><c>βx &gt; threshold ? x : (max(βx, 0) + log1p(e^(−|βx|)))/β</c>.</summary>
internal readonly struct SoftplusOperator : IScalarPairUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec beta, TVec threshold)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec e = Activations.ExpOfMinusAbsProduct(beta, x, out TVec high, out TVec low);
        TVec log = VectorMath.LogOnePlusSmall(e);
        TVec sum = TVec.Select(TVec.GreaterThan(high, TVec.Zero), high + (low + log), log);
        return TVec.Select(TVec.GreaterThan(high, threshold), x, sum / beta);
    }
}

/// <summary><c>βx &gt; threshold ? dy : dy·σ(βx)</c>.</summary>
internal readonly struct SoftplusBackwardOperator : IScalarPairBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec x, TVec beta, TVec threshold)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec e = Activations.ExpOfMinusAbsProduct(beta, x, out TVec high, out _);
        TVec large = TVec.One / (TVec.One + e);
        TVec sigma = TVec.Select(TVec.GreaterThan(high, TVec.Zero), large, e * large);
        return TVec.Select(TVec.GreaterThan(high, threshold), dOutput, dOutput * sigma);
    }
}
