using System.Runtime.CompilerServices;

namespace SpanNet.Kernels.Simd;

/// <summary>The error function and the Gaussian tail it is built on, written once for every width.</summary>
/// <remarks>
/// <para>
/// Everything here rests on the scaled upper tail of the standard normal, <c>R(a) = Φ(−a)·e^(a²/2)</c> (Mills' ratio
/// over √(2π)): smooth, between 0.5 at a = 0 and 1/(a√(2π)) for large a, so a polynomial in <c>t = 1/(1 + p·a)</c>
/// fits it to a relative error of 9e-9 over a ∈ [0, 15] (degree 9, p = 0.3; weighted least squares iterated to
/// minimax by bench/SpanNet.Accuracy/fit_coefficients.py, which fits every polynomial here). The other factor,
/// <c>e^(−a²/2)</c>, is taken with a² split exactly in two (<see cref="ExpMinusHalfSquare{TVec}"/>): a² rounded once
/// would carry a relative error of a²·2⁻²⁴ into the exponent, 7e-6 at a = 13.
/// </para>
/// <para>
/// With those, <c>Φ(−a)</c> keeps its relative accuracy all the way down to the smallest float, which is what GELU
/// needs for negative inputs (<c>1 + erf</c> would cancel to nothing there), and <c>erfc(a) = 2·Φ(−a√2)</c>.
/// </para>
/// </remarks>
internal static partial class VectorMath
{
    /// <summary>
    /// Largest relative error of <see cref="Erf{TVec}"/> against the exact erf, measured over every float whose erf is
    /// a normal float (docs/ACCURACY.md); smaller results are within one subnormal step.
    /// </summary>
    public const float ErfMaxRelativeError = 1.3e-7f;

    // Beyond |x| = 10.5 erfc(|x|) is far below the smallest subnormal, and R's fit ends at a√2 = 15 (with a² still
    // a finite float, so its exact split is finite too).
    private const float ErfClamp = 10.5f;

    // Below |x| = 0.9 erf is x·(1 + P(x²)), fitted to 2.7e-8 relative (degree 5); from there 1 − erfc(|x|) loses
    // nothing, since erfc(0.9) = 0.2 against erf(0.9) = 0.8. 1 + P rather than P so the leading 2/√π is not rounded.
    private const float ErfSeriesLimit = 0.9f;
    private const float ErfP0 = 0.12837915f;
    private const float ErfP1 = -0.37612525f;
    private const float ErfP2 = 0.11282141f;
    private const float ErfP3 = -0.026778905f;
    private const float ErfP4 = 0.005011955f;
    private const float ErfP5 = -0.0006090316f;

    // Φ(−a)·e^(a²/2) = t·S(t), t = 1/(1 + 0.3a), a ∈ [0, 15].
    private const float NormalTailClamp = 15f;
    private const float NormalTailScale = 0.3f;
    private const float NormalTailS0 = 0.119686715f;
    private const float NormalTailS1 = 0.119571336f;
    private const float NormalTailS2 = 0.110239215f;
    private const float NormalTailS3 = 0.07837288f;
    private const float NormalTailS4 = 0.096202895f;
    private const float NormalTailS5 = -0.079505146f;
    private const float NormalTailS6 = 0.19187817f;
    private const float NormalTailS7 = -0.22828074f;
    private const float NormalTailS8 = 0.112462975f;
    private const float NormalTailS9 = -0.020628307f;

    private const float Sqrt2 = 1.41421356f;

    /// <summary>
    /// <c>erf(x)</c> per lane, within <see cref="ErfMaxRelativeError"/> over the whole float range: ±0 give ±0,
    /// ±∞ give ±1, NaN gives NaN, and |x| ≥ 3.92 gives exactly ±1 as the rounded exact value does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Erf<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec z = x * x;
        TVec p = TVec.Create(ErfP5);
        p = TVec.MultiplyAdd(p, z, TVec.Create(ErfP4));
        p = TVec.MultiplyAdd(p, z, TVec.Create(ErfP3));
        p = TVec.MultiplyAdd(p, z, TVec.Create(ErfP2));
        p = TVec.MultiplyAdd(p, z, TVec.Create(ErfP1));
        p = TVec.MultiplyAdd(p, z, TVec.Create(ErfP0));
        TVec series = TVec.MultiplyAdd(x, p, x);

        // erfc(a) = 2·Φ(−a√2) = 2·e^(−a²)·R(a√2); e^(−a²) from a itself, not from (a√2)²/2, whose rounding would cost
        // relative accuracy in the exponent.
        TVec a = TVec.MinNative(TVec.Abs(x), TVec.Create(ErfClamp));
        TVec complement = ExpMinusSquare(a) * NormalTailScaled(a * TVec.Create(Sqrt2));
        TVec tail = TVec.CopySign(TVec.MultiplyAdd(TVec.Create(-2f), complement, TVec.One), x);

        TVec result = TVec.Select(TVec.GreaterThan(TVec.Create(ErfSeriesLimit), TVec.Abs(x)), series, tail);
        return TVec.Select(TVec.IsNaN(x), x, result);
    }

    /// <summary>
    /// <c>R(a) = Φ(−a)·e^(a²/2)</c> for a in [0, 15] (9e-9 relative error in exact arithmetic, a few float roundings
    /// more here); callers clamp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec NormalTailScaled<TVec>(TVec a)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec t = TVec.One / TVec.MultiplyAdd(a, TVec.Create(NormalTailScale), TVec.One);
        TVec s = TVec.Create(NormalTailS9);
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS8));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS7));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS6));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS5));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS4));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS3));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS2));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS1));
        s = TVec.MultiplyAdd(s, t, TVec.Create(NormalTailS0));
        return s * t;
    }

    /// <summary>
    /// <c>e^(−a²/2)</c> for finite a with |a| ≤ 15, a² split exactly into a rounded part and its rounding error
    /// (FMA), so the result carries only <see cref="Exp{TVec}"/>'s own error.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ExpMinusHalfSquare<TVec>(TVec a)
        where TVec : struct, IFloatVector<TVec>
        => ExpMinusProduct(a, a * TVec.Create(0.5f));

    /// <summary>The same clamp as the erf tail uses, for GELU: |x| capped where Φ(−|x|)·|x| is below every float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ClampForNormalTail<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => TVec.MinNative(TVec.Abs(x), TVec.Create(NormalTailClamp));

    /// <summary><c>e^(−a²)</c> with a² split exactly, as <see cref="ExpMinusHalfSquare{TVec}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ExpMinusSquare<TVec>(TVec a)
        where TVec : struct, IFloatVector<TVec>
        => ExpMinusProduct(a, a);

    /// <summary><c>e^(−u·v)</c>: e^(−hi)·(1 − lo) where hi + lo = u·v exactly and |lo| ≤ half an ulp of hi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ExpMinusProduct<TVec>(TVec u, TVec v)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec high = u * v;
        TVec low = TVec.MultiplyAdd(u, v, -high);
        TVec e = Exp(-high);
        return TVec.MultiplyAdd(-e, low, e);
    }
}
