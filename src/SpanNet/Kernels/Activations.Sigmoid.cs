using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>Logistic sigmoid: <c>y[i] = 1 / (1 + e^(−x[i]))</c>, within <see cref="SigmoidMaxRelativeError"/>.</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Written: the outputs in [0, 1]; the same length as <paramref name="x"/>, and may be <paramref name="x"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        Guard.Length(y.Length, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWise.Apply<SigmoidOperator>(x, y);
    }

    /// <summary>Backward pass of <see cref="Sigmoid"/> from its output: <c>dx[i] = dy[i] · y[i] · (1 − y[i])</c>.</summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs.</param>
    /// <param name="output">The outputs <c>y</c> the forward pass wrote.</param>
    /// <param name="dInput">Written (overwritten): the gradient with respect to the inputs. May be <paramref name="dOutput"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the output partially overlaps an input.</exception>
    public static void SigmoidBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> output, Span<float> dInput)
    {
        Guard.Length(output.Length, dOutput.Length, nameof(output));
        Guard.Length(dInput.Length, dOutput.Length, nameof(dInput));
        Guard.InPlaceOrDisjoint(dOutput, dInput, nameof(dInput));
        Guard.InPlaceOrDisjoint(output, dInput, nameof(dInput));
        ElementWise.Apply<SigmoidBackwardOperator>(dOutput, output, dInput);
    }
}

/// <summary><c>1 / (1 + e^−x)</c>.</summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    public static TVec Invoke<TVec>(TVec x)
        where TVec : struct, IFloatVector<TVec>
        => VectorMath.Sigmoid(x);
}

/// <summary><c>dy · y · (1 − y)</c>.</summary>
internal readonly struct SigmoidBackwardOperator : IBinaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec output)
        where TVec : struct, IFloatVector<TVec>
        => dOutput * output * (TVec.One - output);
}
