using System;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// PReLU with one trainable slope per feature, as torch's <c>nn.PReLU(num_parameters=features)</c> on
    /// [batch, features]: <c>y[r, j] = x[r, j] &gt; 0 ? x[r, j] : slopes[j]·x[r, j]</c>, exact.
    /// </summary>
    /// <param name="x">The inputs, [batch, features] row-major.</param>
    /// <param name="slopes">The slope of each feature, [features]; any value (torch does not constrain it).</param>
    /// <param name="y">Written: the outputs, [batch, features]; may be <paramref name="x"/> itself, must not overlap <paramref name="slopes"/>.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="features">The number of columns, one slope each.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A span's length does not match the shape, or the output overlaps an input other than in place.</exception>
    public static void PRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> slopes, Span<float> y, int batch, int features)
    {
        Guard.NonNegative(batch);
        Guard.NonNegative(features);
        long length = Guard.Product(batch, features, nameof(x));
        Guard.Length(x.Length, length, nameof(x));
        Guard.Length(slopes.Length, features, nameof(slopes));
        Guard.Length(y.Length, length, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        Disjoint(slopes, y, nameof(y));
        for (int r = 0; r < batch; r++)
        {
            Span<float> yRow = y.Slice(r * features, features);
            ElementWise.Apply<PReluOperator>(x.Slice(r * features, features), slopes, yRow);
        }
    }

    /// <summary>
    /// Backward pass of <see cref="PRelu"/> from its inputs, as torch's: <c>dInput[r, j] = x &gt; 0 ? dy : slopes[j]·dy</c>
    /// (written), and <c>dSlopes[j] += Σ_r (x[r, j] &gt; 0 ? 0 : dy[r, j]·x[r, j])</c> (accumulated, as every
    /// parameter gradient is). The sum runs over the rows in order, each term fused into the running value of
    /// <paramref name="dSlopes"/>, so it is bit-identical from run to run and at every SIMD width.
    /// </summary>
    /// <param name="dOutput">The gradient of the loss with respect to the outputs, [batch, features].</param>
    /// <param name="input">The inputs <c>x</c> the forward pass was given, [batch, features].</param>
    /// <param name="slopes">The slopes the forward pass used, [features].</param>
    /// <param name="dInput">
    /// Written (overwritten): the gradient with respect to the inputs, [batch, features]; may be <paramref name="dOutput"/>
    /// or <paramref name="input"/> itself. Empty to skip it (a first layer has no one to pass it to).
    /// </param>
    /// <param name="dSlopes">Accumulated into (not overwritten): the gradient with respect to the slopes, [features]; must not overlap any other span.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="features">The number of columns.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A span's length does not match the shape, or an output overlaps another span other than in place.</exception>
    public static void PReluBackward(
        ReadOnlySpan<float> dOutput,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> slopes,
        Span<float> dInput,
        Span<float> dSlopes,
        int batch,
        int features)
    {
        Guard.NonNegative(batch);
        Guard.NonNegative(features);
        long length = Guard.Product(batch, features, nameof(dOutput));
        Guard.Length(dOutput.Length, length, nameof(dOutput));
        Guard.Length(input.Length, length, nameof(input));
        Guard.Length(slopes.Length, features, nameof(slopes));
        Guard.Length(dSlopes.Length, features, nameof(dSlopes));
        bool writesInput = !dInput.IsEmpty;
        if (writesInput)
        {
            Guard.Length(dInput.Length, length, nameof(dInput));
            Guard.InPlaceOrDisjoint(dOutput, dInput, nameof(dInput));
            Guard.InPlaceOrDisjoint(input, dInput, nameof(dInput));
            Disjoint(slopes, dInput, nameof(dInput));
            Disjoint(dSlopes, dInput, nameof(dInput));
        }

        Disjoint(dOutput, dSlopes, nameof(dSlopes));
        Disjoint(input, dSlopes, nameof(dSlopes));
        Disjoint(slopes, dSlopes, nameof(dSlopes));
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> dyRow = dOutput.Slice(r * features, features);
            ReadOnlySpan<float> xRow = input.Slice(r * features, features);

            // The slope gradient reads this row's dy and x before dInput (which may be either of them) overwrites it.
            ElementWise.Apply<PReluSlopeGradientOperator>(dSlopes, dyRow, xRow, dSlopes);
            if (writesInput)
            {
                ElementWise.Apply<PReluBackwardOperator>(dyRow, xRow, slopes, dInput.Slice(r * features, features));
            }
        }
    }

    /// <summary>Requires <paramref name="destination"/> not to share any element with <paramref name="source"/>.</summary>
    private static void Disjoint(ReadOnlySpan<float> source, ReadOnlySpan<float> destination, string name)
    {
        if (source.Overlaps(destination))
        {
            ThrowHelper.Argument(name, $"{name} overlaps an input it must not share elements with.");
        }
    }
}

/// <summary><c>x &gt; 0 ? x : slope·x</c>.</summary>
internal readonly struct PReluOperator : IBinaryOperator
{
    public static TVec Invoke<TVec>(TVec x, TVec slope)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(x, TVec.Zero), x, x * slope);
}

/// <summary><c>x &gt; 0 ? dy : slope·dy</c>.</summary>
internal readonly struct PReluBackwardOperator : ITernaryOperator
{
    public static TVec Invoke<TVec>(TVec dOutput, TVec x, TVec slope)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(x, TVec.Zero), dOutput, dOutput * slope);
}

/// <summary>
/// <c>x &gt; 0 ? g : g + dy·x</c>, fused (one rounding per row); a positive x leaves g as it is even when dy is not
/// finite, as torch's <c>x &gt; 0 ? 0 : x·dy</c> does.
/// </summary>
internal readonly struct PReluSlopeGradientOperator : ITernaryOperator
{
    public static TVec Invoke<TVec>(TVec gradient, TVec dOutput, TVec x)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(x, TVec.Zero), gradient, TVec.MultiplyAdd(dOutput, x, gradient));
}
