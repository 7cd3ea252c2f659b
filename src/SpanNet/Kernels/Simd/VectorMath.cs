using System.Runtime.CompilerServices;

namespace SpanNet.Kernels.Simd;

/// <summary>
/// Transcendental functions written once over every <see cref="IFloatVector{TSelf}"/> width.
/// </summary>
/// <remarks>
/// The error bounds below are the largest seen over every float in the stated range against <c>MathF</c> (itself
/// correctly rounded to within 1 ulp); <c>VectorMathTests</c> holds the code to them.
/// </remarks>
internal static partial class VectorMath
{
    /// <summary>
    /// Largest relative error of <see cref="Exp{TVec}"/> against <see cref="System.MathF.Exp(float)"/> for x in
    /// [−87.3, 88.7], where the result is a normal float.
    /// </summary>
    public const float ExpMaxRelativeError = 2.5e-7f;

    /// <summary>Largest relative error of <see cref="Tanh{TVec}"/> against <see cref="System.MathF.Tanh(float)"/>, any finite x.</summary>
    public const float TanhMaxRelativeError = 5e-7f;

    /// <summary>Largest relative error of <see cref="Sigmoid{TVec}"/> against <c>1 / (1 + Math.Exp(−x))</c>, x in [−87, 88].</summary>
    public const float SigmoidMaxRelativeError = 5e-7f;

    /// <summary>Largest relative error of <see cref="ExpMinusOne{TVec}"/> against the exact <c>e^x − 1</c>, any finite x ≤ 88.7.</summary>
    public const float ExpMinusOneMaxRelativeError = 1e-6f;

    // exp(x) = 2^n · exp(r), n = round(x / ln 2), r = x − n·ln 2 with ln 2 split in two so r is exact (Cody–Waite).
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;

    // Beyond these, exp over- or underflows anyway; clamping keeps n inside the exponent field's range.
    private const float ExpInputMax = 88.8f;
    private const float ExpInputMin = -104f;

    // Adding then subtracting 1.5·2^23 rounds to the nearest integer for |x| < 2^22 without a rounding instruction.
    private const float RoundingShift = 12582912f;

    // Minimax coefficients of (exp(r) − 1 − r) / r² on [−ln2/2, ln2/2] (Cephes expf).
    private const float ExpC0 = 1.9875691500e-4f;
    private const float ExpC1 = 1.3981999507e-3f;
    private const float ExpC2 = 8.3334519073e-3f;
    private const float ExpC3 = 4.1665795894e-2f;
    private const float ExpC4 = 1.6666665459e-1f;
    private const float ExpC5 = 5.0000001201e-1f;

    // tanh(x) ≈ x·P(x²)/Q(x²), a 13/6 rational minimax fit on [−7.9053, 7.9053] (the form Eigen uses for float);
    // beyond the clamp the fit has reached 1 to float precision. One division and eleven FMAs, no exp.
    private const float TanhClamp = 7.90531110763549805f;
    private const float TanhSaturation = 9f;
    private const float TanhP1 = 4.89352455891786e-03f;
    private const float TanhP3 = 6.37261928875436e-04f;
    private const float TanhP5 = 1.48572235717979e-05f;
    private const float TanhP7 = 5.12229709037114e-08f;
    private const float TanhP9 = -8.60467152213735e-11f;
    private const float ExpMinusOneSeriesLimit = 0.35f;
    private const float TanhP11 = 2.00018790482477e-13f;
    private const float TanhP13 = -2.76076847742355e-16f;
    private const float TanhQ0 = 4.89352518554385e-03f;
    private const float TanhQ2 = 2.26843463243900e-03f;
    private const float TanhQ4 = 1.18534705686654e-04f;
    private const float TanhQ6 = 1.19825839466702e-06f;

    /// <summary>
    /// <c>e^x</c> per lane. +∞ gives +∞, −∞ gives 0, NaN gives NaN; results below the smallest normal float are
    /// subnormal, as <c>MathF.Exp</c> gives them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Exp<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        // Native min/max: a NaN input may come out as either bound here, but the last line restores NaN anyway.
        TVec clamped = TVec.MinNative(TVec.MaxNative(x, TVec.Create(ExpInputMin)), TVec.Create(ExpInputMax));
        TVec shift = TVec.Create(RoundingShift);
        TVec n = TVec.MultiplyAdd(clamped, TVec.Create(Log2E), shift) - shift;
        TVec r = TVec.MultiplyAdd(n, TVec.Create(-Ln2High), clamped);
        r = TVec.MultiplyAdd(n, TVec.Create(-Ln2Low), r);

        TVec p = TVec.Create(ExpC0);
        p = TVec.MultiplyAdd(p, r, TVec.Create(ExpC1));
        p = TVec.MultiplyAdd(p, r, TVec.Create(ExpC2));
        p = TVec.MultiplyAdd(p, r, TVec.Create(ExpC3));
        p = TVec.MultiplyAdd(p, r, TVec.Create(ExpC4));
        p = TVec.MultiplyAdd(p, r, TVec.Create(ExpC5));
        TVec expR = TVec.MultiplyAdd(p, r * r, r) + TVec.One;

        // n spans [−150, 129], wider than one exponent field holds, so scale in two steps of at most 2^±75 each.
        TVec half = TVec.MultiplyAdd(n, TVec.Create(0.5f), shift) - shift;
        TVec result = expR * TVec.PowerOfTwo(half) * TVec.PowerOfTwo(n - half);
        return TVec.Select(TVec.IsNaN(x), x, result);
    }

    /// <summary>
    /// <c>e^x − 1</c> per lane, within <see cref="ExpMinusOneMaxRelativeError"/> of the exact value, including near 0
    /// where <c>Exp(x) − 1</c> would cancel to nothing; +∞ gives +∞, −∞ gives −1, NaN gives NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec ExpMinusOne<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        // Below |x| = 0.35 the Taylor series to x⁸/8! leaves a remainder under 7e-10 relative; above it e^x − 1 is at
        // least 0.29 in magnitude, so Exp's 2.5e-7 relative error stays under 1e-6 after the subtraction.
        TVec p = TVec.Create(1f / 40320f);
        p = TVec.MultiplyAdd(p, x, TVec.Create(1f / 5040f));
        p = TVec.MultiplyAdd(p, x, TVec.Create(1f / 720f));
        p = TVec.MultiplyAdd(p, x, TVec.Create(1f / 120f));
        p = TVec.MultiplyAdd(p, x, TVec.Create(1f / 24f));
        p = TVec.MultiplyAdd(p, x, TVec.Create(1f / 6f));
        p = TVec.MultiplyAdd(p, x, TVec.Create(0.5f));
        TVec series = TVec.MultiplyAdd(p * x, x, x);
        TVec small = TVec.GreaterThan(TVec.Create(ExpMinusOneSeriesLimit), TVec.Abs(x));
        return TVec.Select(small, series, Exp(x) - TVec.One);
    }

    /// <summary><c>tanh(x)</c> per lane; ±∞ give ±1, NaN gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Tanh<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        // Native min/max send NaN to a bound; the last line restores it.
        TVec clamped = TVec.MinNative(TVec.MaxNative(x, TVec.Create(-TanhClamp)), TVec.Create(TanhClamp));
        TVec z = clamped * clamped;
        TVec p = TVec.Create(TanhP13);
        p = TVec.MultiplyAdd(p, z, TVec.Create(TanhP11));
        p = TVec.MultiplyAdd(p, z, TVec.Create(TanhP9));
        p = TVec.MultiplyAdd(p, z, TVec.Create(TanhP7));
        p = TVec.MultiplyAdd(p, z, TVec.Create(TanhP5));
        p = TVec.MultiplyAdd(p, z, TVec.Create(TanhP3));
        p = TVec.MultiplyAdd(p, z, TVec.Create(TanhP1));
        TVec q = TVec.Create(TanhQ6);
        q = TVec.MultiplyAdd(q, z, TVec.Create(TanhQ4));
        q = TVec.MultiplyAdd(q, z, TVec.Create(TanhQ2));
        q = TVec.MultiplyAdd(q, z, TVec.Create(TanhQ0));
        TVec result = clamped * (p / q);   // p/q ≈ 1 first, so tiny and subnormal x keep every bit

        // From |x| = 9 on, tanh rounds to ±1 in float; the fit, clamped, stops at 1 − 3e-7.
        result = TVec.Select(TVec.GreaterThan(TVec.Abs(x), TVec.Create(TanhSaturation)), TVec.CopySign(TVec.One, x), result);
        return TVec.Select(TVec.IsNaN(x), x, result);
    }

    /// <summary><c>1 / (1 + e^−x)</c> per lane; +∞ gives 1, −∞ gives 0, NaN gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Sigmoid<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => TVec.One / (TVec.One + Exp(-x));

    /// <summary>
    /// Mask of lanes that are not ±0: |x| &gt; 0, or NaN. A lane that is NaN or ±∞ counts as nonzero, so a product that
    /// skips the zero lanes still propagates it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec NonZero<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec nan = TVec.IsNaN(x);
        return TVec.Select(nan, nan, TVec.GreaterThan(TVec.Abs(x), TVec.Zero));
    }
}
