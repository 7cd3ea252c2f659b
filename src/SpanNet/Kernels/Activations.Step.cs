using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// Activation functions and their backward passes, element-wise over spans, on the widest SIMD width the CPU has.
/// </summary>
/// <remarks>
/// Backward passes take the forward <em>output</em> where it determines the derivative (ReLU, leaky ReLU, sigmoid, tanh,
/// ELU; as DLFS caches <c>Sigmoid.out</c>) and the forward <em>input</em> where it does not (GELU, SiLU, softplus, hard
/// swish, hard sigmoid, clip, PReLU), and overwrite <c>dInput</c>. Every method checks that its spans have equal
/// lengths before it writes anything.
/// </remarks>
public static partial class Activations
{
    /// <summary>The bound on <see cref="Sigmoid"/>'s relative error against <c>1 / (1 + Math.Exp(−x))</c>, x in [−87, 88].</summary>
    public const float SigmoidMaxRelativeError = VectorMath.SigmoidMaxRelativeError;

    /// <summary>The bound on <see cref="Tanh"/>'s relative error against <see cref="MathF.Tanh(float)"/>.</summary>
    public const float TanhMaxRelativeError = VectorMath.TanhMaxRelativeError;

    /// <summary>Heaviside step, the perceptron's activation: <c>y[i] = x[i] &gt; 0 ? 1 : 0</c>. It has no useful gradient.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Step(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<StepOperator>(x, y);
    }
}

/// <summary><c>x &gt; 0 ? 1 : 0</c>.</summary>
internal readonly struct StepOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(x, TVec.Zero), TVec.One, TVec.Zero);
}
