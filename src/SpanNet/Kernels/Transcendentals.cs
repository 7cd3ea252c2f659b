using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>Vectorized elementary functions over spans.</summary>
public static class Transcendentals
{
    /// <summary>
    /// The bound on <see cref="Exp"/>'s relative error against <see cref="MathF.Exp(float)"/> for x in [−87.3, 88.7]
    /// (about 2 ulp), where the result is a normal float.
    /// </summary>
    public const float ExpMaxRelativeError = VectorMath.ExpMaxRelativeError;

    /// <summary>
    /// <c>y[i] = e^x[i]</c>, within <see cref="ExpMaxRelativeError"/>. Overflows to +∞ above x ≈ 88.72, gives subnormals
    /// below x ≈ −87.34 and 0 below x ≈ −103.9; +∞ gives +∞, −∞ gives 0, NaN gives NaN.
    /// </summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<ExpOperator>(x, y);
    }

    /// <summary>
    /// The bound on <see cref="Erf"/>'s relative error against the exact erf, over every float whose erf is a normal
    /// float (measured over all of them: docs/ACCURACY.md).
    /// </summary>
    public const float ErfMaxRelativeError = VectorMath.ErfMaxRelativeError;

    /// <summary>
    /// <c>y[i] = erf(x[i])</c>, within <see cref="ErfMaxRelativeError"/> over the whole float range: ±0 give ±0,
    /// |x| ≥ 3.92 gives exactly ±1, ±∞ give ±1, NaN gives NaN.
    /// </summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs in [−1, 1]; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Erf(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<ErfOperator>(x, y);
    }
}

/// <summary><c>e^x</c>.</summary>
internal readonly struct ExpOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => VectorMath.Exp(x);
}

/// <summary><c>erf(x)</c>.</summary>
internal readonly struct ErfOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => VectorMath.Erf(x);
}
