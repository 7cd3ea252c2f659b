using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>torch's <c>nn.Hardsigmoid</c> as <see cref="HardSigmoid"/>'s α: 1/6 (ONNX's default is 0.2).</summary>
    public const float HardSigmoidTorchAlpha = 1f / 6f;

    /// <summary>torch's <c>nn.Hardsigmoid</c> as <see cref="HardSigmoid"/>'s β: 1/2 (also ONNX's default).</summary>
    public const float HardSigmoidTorchBeta = 0.5f;

    /// <summary>
    /// The bound on <see cref="HardSigmoid"/>'s absolute error against the exact <c>max(0, min(1, αx + β))</c> with
    /// α and β as given (floats): the one rounding of the fused αx + β, at most half an ulp of a value ≤ 1 (2⁻²⁵;
    /// 2.98e-8 measured over every float with torch's α and β, docs/ACCURACY.md).
    /// </summary>
    public const float HardSigmoidMaxAbsoluteError = 3e-8f;

    /// <summary>
    /// Hard sigmoid, as ONNX's <c>HardSigmoid(alpha, beta)</c>: <c>y[i] = max(0, min(1, α·x[i] + β))</c>, αx + β
    /// fused (one rounding); torch's <c>nn.Hardsigmoid</c> is α = <see cref="HardSigmoidTorchAlpha"/>,
    /// β = <see cref="HardSigmoidTorchBeta"/>. NaN gives NaN.
    /// </summary>
    /// <param name="x">The inputs.</param>
    /// <param name="alpha">α, the slope; finite.</param>
    /// <param name="beta">β, the value at 0; finite.</param>
    /// <param name="y">Written: the outputs in [0, 1]; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> or <paramref name="beta"/> is not finite.</exception>
    public static void HardSigmoid(ReadOnlySpan<float> x, float alpha, float beta, Span<float> y)
    {
        Guard.Finite(alpha);
        Guard.Finite(beta);
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<HardSigmoidOperator>(x, alpha, beta, y);
    }

    /// <summary>
    /// Backward pass of <see cref="HardSigmoid"/> from its inputs, with torch's boundaries: <c>dx[i] = α·dy[i]</c> where
    /// 0 &lt; αx + β &lt; 1 strictly, else 0. The test is on the exact value of αx + β (the signs of the fused αx + β
    /// and αx + (β − 1), β − 1 exact for β in [0.5, 2]), not on its rounding, which reaches 1 at the float just below 3;
    /// so with torch's α and β it passes exactly the floats torch's −3 &lt; x &lt; 3 passes. NaN inputs give 0.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given.</param>
    /// <param name="alpha">α, as given to the forward pass.</param>
    /// <param name="beta">β, as given to the forward pass.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/> or <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> or <paramref name="beta"/> is not finite.</exception>
    public static void HardSigmoidBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, float alpha, float beta, Span<float> dInput)
    {
        Guard.Finite(alpha);
        Guard.Finite(beta);
        CheckBackwardFromInput(dOutput, input, dInput);
        ElementWise.Apply<HardSigmoidBackwardOperator>(dOutput, input, alpha, beta, dInput);
    }
}

/// <summary><c>min(max(αx + β, 0), 1)</c>.</summary>
internal readonly struct HardSigmoidOperator : IScalarPairUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec alpha, TVec beta)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Min(TVec.Max(TVec.MultiplyAdd(alpha, x, beta), TVec.Zero), TVec.One);
}

/// <summary><c>0 &lt; αx + β &lt; 1 ? α·dy : 0</c>, both comparisons on exact values (a fused result has its exact value's sign).</summary>
internal readonly struct HardSigmoidBackwardOperator : IScalarPairBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec x, TVec alpha, TVec beta)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec aboveZero = TVec.GreaterThan(TVec.MultiplyAdd(alpha, x, beta), TVec.Zero);
        TVec belowOne = TVec.GreaterThan(TVec.Zero, TVec.MultiplyAdd(alpha, x, beta - TVec.One));
        TVec inside = TVec.Select(aboveZero, belowOne, TVec.Zero);
        return TVec.Select(inside, alpha * dOutput, TVec.Zero);
    }
}
