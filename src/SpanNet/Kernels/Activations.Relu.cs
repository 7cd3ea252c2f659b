using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>Rectified linear unit: <c>y[i] = max(x[i], 0)</c>.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<ReluOperator>(x, y);
    }

    /// <summary>Backward pass of <see cref="Relu"/>: <c>dx[i] = y[i] &gt; 0 ? dy[i] : 0</c>.</summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="output">The outputs <c>y</c> the forward pass wrote (positive exactly where the input was).</param>
    /// <param name="dInput">Written (overwritten, not accumulated): the gradient with respect to the inputs. May be <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void ReluBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> output, Span<float> dInput)
    {
        Guard.Length(output.Length, dOutput.Length, nameof(output));
        Guard.Length(dInput.Length, dOutput.Length, nameof(dInput));
        Guard.InPlaceOrDisjoint(dOutput, dInput, nameof(dInput));
        Guard.InPlaceOrDisjoint(output, dInput, nameof(dInput));
        ElementWise.Apply<ReluBackwardOperator>(dOutput, output, dInput);
    }
}

/// <summary><c>max(x, 0)</c>.</summary>
internal readonly struct ReluOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Max(x, TVec.Zero);
}

/// <summary><c>y &gt; 0 ? dy : 0</c>.</summary>
internal readonly struct ReluBackwardOperator : IBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec output)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(output, TVec.Zero), dOutput, TVec.Zero);
}
