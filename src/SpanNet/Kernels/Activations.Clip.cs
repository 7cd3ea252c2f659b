using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// Clip, as ONNX's <c>Clip</c> and torch's <c>clamp</c>/<c>nn.Hardtanh</c>: <c>y[i] = min(max(x[i], min), max)</c>,
    /// exact. ReLU6 is <c>Clip(x, 0, 6, y)</c>. NaN gives NaN.
    /// </summary>
    /// <param name="x">The inputs.</param>
    /// <param name="min">The lower bound; not NaN, may be −∞.</param>
    /// <param name="max">The upper bound; not NaN, may be +∞, at least <paramref name="min"/>.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is NaN, or <paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public static void Clip(ReadOnlySpan<float> x, float min, float max, Span<float> y)
    {
        CheckClipBounds(min, max);
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<ClipOperator>(x, min, max, y);
    }

    /// <summary>
    /// Backward pass of <see cref="Clip"/> from its inputs, with the convention of torch's <c>hardtanh_backward</c>
    /// (which <c>nn.ReLU6</c> and <c>nn.Hardtanh</c> use): <c>dx[i] = dy[i]</c> strictly inside, min &lt; x &lt; max,
    /// else 0, so an input sitting exactly on a bound passes no gradient (torch.clamp's own backward passes it there;
    /// this does not). NaN inputs give 0.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given.</param>
    /// <param name="min">The lower bound, as given to the forward pass.</param>
    /// <param name="max">The upper bound, as given to the forward pass.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/> or <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound is NaN, or <paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public static void ClipBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, float min, float max, Span<float> dInput)
    {
        CheckClipBounds(min, max);
        CheckBackwardFromInput(dOutput, input, dInput);
        ElementWise.Apply<ClipBackwardOperator>(dOutput, input, min, max, dInput);
    }

    private static void CheckClipBounds(float min, float max)
    {
        if (float.IsNaN(min))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(min), "min must not be NaN.");
        }

        if (float.IsNaN(max))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(max), "max must not be NaN.");
        }

        if (min > max)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(max), $"max must be at least min; they were min = {min}, max = {max}.");
        }
    }
}

/// <summary><c>min(max(x, lo), hi)</c>, NaN propagating.</summary>
internal readonly struct ClipOperator : IScalarPairUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec min, TVec max)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Min(TVec.Max(x, min), max);
}

/// <summary><c>lo &lt; x &lt; hi ? dy : 0</c>.</summary>
internal readonly struct ClipBackwardOperator : IScalarPairBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec x, TVec min, TVec max)
        where TVec : struct, IFloatVector<TVec>
    {
        TVec inside = TVec.Select(TVec.GreaterThan(x, min), TVec.GreaterThan(max, x), TVec.Zero);
        return TVec.Select(inside, dOutput, TVec.Zero);
    }
}
