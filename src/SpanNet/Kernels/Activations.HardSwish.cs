using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// The bound on <see cref="HardSwish"/>'s relative error against the exact <c>x·relu6(x + 3)/6</c>, over every finite
    /// float whose result is a normal float (measured over all of them: docs/ACCURACY.md); x ≥ 3 and x ≤ −3 are exact.
    /// </summary>
    public const float HardSwishMaxRelativeError = 1.8e-7f;

    /// <summary>
    /// Hard swish, as torch's <c>nn.Hardswish</c>: <c>y[i] = x·min(max(x + 3, 0), 6)/6</c>, within
    /// <see cref="HardSwishMaxRelativeError"/>; exactly x from 3 on and −0 from −3 down. ±∞ give +∞ and NaN
    /// (−∞·0, as torch computes it); NaN gives NaN.
    /// </summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void HardSwish(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<HardSwishOperator>(x, y);
    }

    /// <summary>
    /// Backward pass of <see cref="HardSwish"/> from its inputs, with torch's boundaries: <c>dx[i] = 0</c> for
    /// x &lt; −3, <c>dy[i]·(2x + 3)/6</c> for −3 ≤ x ≤ 3 (both ends included, so x = −3 gives −dy/2 and x = 3 gives
    /// 1.5·dy, as torch's <c>hardswish_backward</c>), and <c>dy[i]</c> for x &gt; 3. NaN inputs give NaN.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/> or <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void HardSwishBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, Span<float> dInput)
    {
        CheckBackwardFromInput(dOutput, input, dInput);
        ElementWise.Apply<HardSwishBackwardOperator>(dOutput, input, dInput);
    }
}

/// <summary><c>x·(min(max(x + 3, 0), 6)·(1/6))</c>: 6·(1/6) rounds to exactly 1, so x ≥ 3 comes out as x itself.</summary>
internal readonly struct HardSwishOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec gate = TVec.Min(TVec.Max(x + TVec.Create(3f), TVec.Zero), TVec.Create(6f));
        return x * (gate * TVec.Create(1f / 6f));
    }
}

/// <summary><c>x &lt; −3 ? 0 : x &gt; 3 ? dy : dy·(x/3 + 1/2)</c>.</summary>
internal readonly struct HardSwishBackwardOperator : IBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec x)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec ramp = dOutput * TVec.MultiplyAdd(x, TVec.Create(1f / 3f), TVec.Create(0.5f));
        TVec upper = TVec.Select(TVec.GreaterThan(x, TVec.Create(3f)), dOutput, ramp);
        return TVec.Select(TVec.GreaterThan(TVec.Create(-3f), x), TVec.Zero, upper);
    }
}
