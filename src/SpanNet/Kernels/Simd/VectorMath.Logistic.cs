using System.Runtime.CompilerServices;

namespace SpanNet.Kernels.Simd;

/// <summary>
/// The logistic pieces SiLU, the tanh form of GELU and softplus share, kept accurate where their results get small.
/// </summary>
/// <remarks>
/// <see cref="Sigmoid{TVec}"/> takes <c>e^−x</c>, which overflows once x &lt; −88.7 and is subnormal-bound before
/// that, so <c>x·σ(x)</c> would come out 0 or with few bits although it is still a normal float down to x ≈ −92.
/// Here every exponential is of a non-positive argument, and where a product with a small factor is wanted the factor
/// is applied as two halves <c>h = e^(−|v|/2)</c>, <c>(x·h)·h</c>, so no intermediate leaves the normal range before
/// the result does.
/// </remarks>
internal static partial class VectorMath
{
    // log(1 + e) = 2s·L(s²), s = e/(2 + e) ∈ [0, 1/3] for e ∈ [0, 1]: the atanh series, refitted (degree 4) to
    // 7.8e-9 relative with float coefficients.
    private const float LogOnePlusL1 = 0.33333158f;
    private const float LogOnePlusL2 = 0.20012456f;
    private const float LogOnePlusL3 = 0.13980293f;
    private const float LogOnePlusL4 = 0.14089213f;

    /// <summary>
    /// <c>x·σ(v)</c> per lane, σ the logistic function: <c>x/(1 + e)</c> for v &gt; 0 and <c>(x·h)·h/(1 + e)</c>
    /// otherwise, with <c>h = e^(−|v|/2)</c> and <c>e = h²</c>. Accurate as long as the result is normal, for any v.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec MultiplyBySigmoid<TVec>(TVec x, TVec v)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec h = Exp(TVec.Abs(v) * TVec.Create(-0.5f));
        TVec numerator = TVec.Select(TVec.GreaterThan(v, TVec.Zero), x, x * h * h);
        return numerator / TVec.MultiplyAdd(h, h, TVec.One);
    }

    /// <summary>
    /// <c>σ(v)</c> per lane, and <c>1 − σ(v)</c> in <paramref name="complement"/>, each with its own relative accuracy
    /// (neither is taken as 1 minus the other, which would cancel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec SigmoidWithComplement<TVec>(TVec v, out TVec complement)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec h = Exp(TVec.Abs(v) * TVec.Create(-0.5f));
        TVec e = h * h;
        TVec large = TVec.One / (TVec.One + e);
        TVec small = e * large;
        TVec positive = TVec.GreaterThan(v, TVec.Zero);
        complement = TVec.Select(positive, small, large);
        return TVec.Select(positive, large, small);
    }

    /// <summary><c>log(1 + e)</c> for e in [0, 1] (NaN gives NaN), to a few float roundings, tiny e included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec LogOnePlusSmall<TVec>(TVec e)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec s = e / (e + TVec.Create(2f));
        TVec z = s * s;
        TVec p = TVec.Create(LogOnePlusL4);
        p = TVec.MultiplyAdd(p, z, TVec.Create(LogOnePlusL3));
        p = TVec.MultiplyAdd(p, z, TVec.Create(LogOnePlusL2));
        p = TVec.MultiplyAdd(p, z, TVec.Create(LogOnePlusL1));
        TVec twoS = s + s;
        return TVec.MultiplyAdd(twoS * z, p, twoS);
    }
}
