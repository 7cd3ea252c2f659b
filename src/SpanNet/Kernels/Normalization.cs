using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpanNet.Kernels;

/// <summary>
/// The passes of batch and layer normalisation over row-major [rows, features] matrices: column statistics, per-column
/// affine maps, row statistics and the backward passes' per-column and per-row combinations. Called by the layers
/// after the network checked its input, so arguments are asserted, not checked.
/// </summary>
/// <remarks>
/// Each pass is one loop with <see cref="Vector{T}"/> over features and a scalar tail (the form STYLE.md allows for a
/// one-loop kernel), and every sum runs over rows in ascending order, so results do not depend on the thread count.
/// </remarks>
internal static class Normalization
{
    /// <summary>mean[j] = Σ_r x[r, j] / rows and variance[j] = Σ_r (x[r, j] − mean[j])² / rows (two passes, for accuracy).</summary>
    public static void ColumnMeanVariance(ReadOnlySpan<float> x, int rows, int features, Span<float> mean, Span<float> variance)
    {
        Debug.Assert(x.Length >= rows * features && mean.Length >= features && variance.Length >= features, "shapes");
        mean[..features].Clear();
        variance[..features].Clear();
        for (int r = 0; r < rows; r++)
        {
            AddInto(x.Slice(r * features, features), mean[..features]);
        }

        float inverseRows = 1f / rows;
        Scale(mean[..features], inverseRows);
        for (int r = 0; r < rows; r++)
        {
            AddSquaredDifference(x.Slice(r * features, features), mean[..features], variance[..features]);
        }

        Scale(variance[..features], inverseRows);
    }

    /// <summary>y[r, j] = x[r, j]·scale[j] + shift[j] (may run in place).</summary>
    public static void AffineColumns(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> y, int rows, int features)
    {
        for (int r = 0; r < rows; r++)
        {
            MultiplyAdd(x.Slice(r * features, features), scale[..features], shift[..features], y.Slice(r * features, features));
        }
    }

    /// <summary>y[r, j] = (x[r, j] − a[j]) / b[j] (may run in place): a standardisation in its own form, so it matches what an exporter computed.</summary>
    public static void SubtractDivideColumns(ReadOnlySpan<float> x, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, int rows, int features)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * features, features);
            Span<float> yr = y.Slice(r * features, features);
            int j = 0;
            for (; j + Vector<float>.Count <= features; j += Vector<float>.Count)
            {
                ((Load(xr, j) - Load(a, j)) / Load(b, j)).StoreUnsafe(ref MemoryMarshal.GetReference(yr), (nuint)j);
            }

            for (; j < features; j++)
            {
                yr[j] = (xr[j] - a[j]) / b[j];
            }
        }
    }

    /// <summary>y[r, j] = dy[r, j]·p[j] + x[r, j]·q[j] + s[j]: BatchNorm's input gradient in one pass, its per-column constants folded.</summary>
    public static void CombineColumns(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> p, ReadOnlySpan<float> q, ReadOnlySpan<float> s, Span<float> y, int rows, int features)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> dyr = dy.Slice(r * features, features);
            ReadOnlySpan<float> xr = x.Slice(r * features, features);
            Span<float> yr = y.Slice(r * features, features);
            int j = 0;
            for (; j + Vector<float>.Count <= features; j += Vector<float>.Count)
            {
                Vector<float> value = Vector.FusedMultiplyAdd(Load(dyr, j), Load(p, j), Vector.FusedMultiplyAdd(Load(xr, j), Load(q, j), Load(s, j)));
                value.StoreUnsafe(ref MemoryMarshal.GetReference(yr), (nuint)j);
            }

            for (; j < features; j++)
            {
                yr[j] = MathF.FusedMultiplyAdd(dyr[j], p[j], MathF.FusedMultiplyAdd(xr[j], q[j], s[j]));
            }
        }
    }

    /// <summary>
    /// sumDy[j] += Σ_r dy[r, j] and sumDyX[j] += Σ_r dy[r, j]·(x[r, j] − mean[j]): the two column sums a normalisation's
    /// backward pass needs (each starts from what the caller put there).
    /// </summary>
    public static void AccumulateColumnSums(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> mean, Span<float> sumDy, Span<float> sumDyX, int rows, int features)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> dyr = dy.Slice(r * features, features);
            ReadOnlySpan<float> xr = x.Slice(r * features, features);
            int j = 0;
            for (; j + Vector<float>.Count <= features; j += Vector<float>.Count)
            {
                Vector<float> d = Load(dyr, j);
                (Load(sumDy, j) + d).StoreUnsafe(ref MemoryMarshal.GetReference(sumDy), (nuint)j);
                Vector.FusedMultiplyAdd(d, Load(xr, j) - Load(mean, j), Load(sumDyX, j)).StoreUnsafe(ref MemoryMarshal.GetReference(sumDyX), (nuint)j);
            }

            for (; j < features; j++)
            {
                sumDy[j] += dyr[j];
                sumDyX[j] = MathF.FusedMultiplyAdd(dyr[j], xr[j] - mean[j], sumDyX[j]);
            }
        }
    }

    /// <summary>The mean and 1/√(variance + ε) of one row (variance by two passes, for accuracy).</summary>
    public static (float Mean, float ReciprocalStd) RowStatistics(ReadOnlySpan<float> x, float epsilon)
    {
        float mean = Sum(x) / x.Length;
        float squares = 0f;
        int j = 0;
        var accumulator = Vector<float>.Zero;
        var meanVector = new Vector<float>(mean);
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            Vector<float> d = Load(x, j) - meanVector;
            accumulator = Vector.FusedMultiplyAdd(d, d, accumulator);
        }

        squares = Vector.Sum(accumulator);
        for (; j < x.Length; j++)
        {
            float d = x[j] - mean;
            squares = MathF.FusedMultiplyAdd(d, d, squares);
        }

        return (mean, 1f / MathF.Sqrt((squares / x.Length) + epsilon));
    }

    /// <summary>y[j] = ((x[j] − mean)·rstd)·scale[j] + shift[j] for one row; without scale and shift, y = (x − mean)·rstd.</summary>
    public static void NormalizeRow(ReadOnlySpan<float> x, float mean, float reciprocalStd, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> y)
    {
        var m = new Vector<float>(mean);
        var r = new Vector<float>(reciprocalStd);
        bool affine = !scale.IsEmpty;
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            Vector<float> normalized = (Load(x, j) - m) * r;
            if (affine)
            {
                normalized = Vector.FusedMultiplyAdd(normalized, Load(scale, j), Load(shift, j));
            }

            normalized.StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            float normalized = (x[j] - mean) * reciprocalStd;
            y[j] = affine ? MathF.FusedMultiplyAdd(normalized, scale[j], shift[j]) : normalized;
        }
    }

    /// <summary>
    /// For one row of a layer normalisation's backward pass, with g = γ ⊙ dy (γ = 1 when empty) and x̂ = (x − mean)·r:
    /// Σ g and Σ g·x̂.
    /// </summary>
    public static (float SumG, float SumGX) NormalizedGradientSums(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, float mean, float reciprocalStd)
    {
        bool affine = !gamma.IsEmpty;
        var m = new Vector<float>(mean);
        var sumG = Vector<float>.Zero;
        var sumGX = Vector<float>.Zero;
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            Vector<float> g = affine ? Load(dy, j) * Load(gamma, j) : Load(dy, j);
            sumG += g;
            sumGX = Vector.FusedMultiplyAdd(g, Load(x, j) - m, sumGX);
        }

        float totalG = Vector.Sum(sumG), totalGX = Vector.Sum(sumGX);
        for (; j < x.Length; j++)
        {
            float g = affine ? dy[j] * gamma[j] : dy[j];
            totalG += g;
            totalGX = MathF.FusedMultiplyAdd(g, x[j] - mean, totalGX);
        }

        return (totalG, totalGX * reciprocalStd);
    }

    /// <summary>dγ[j] += dy[j]·x̂[j] and dβ[j] += dy[j] for one row, x̂ = (x − mean)·r.</summary>
    public static void AccumulateNormalizedGradients(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, float mean, float reciprocalStd, Span<float> dGamma, Span<float> dBeta)
    {
        var m = new Vector<float>(mean);
        var r = new Vector<float>(reciprocalStd);
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            Vector<float> d = Load(dy, j);
            Vector.FusedMultiplyAdd(d, (Load(x, j) - m) * r, Load(dGamma, j)).StoreUnsafe(ref MemoryMarshal.GetReference(dGamma), (nuint)j);
            (Load(dBeta, j) + d).StoreUnsafe(ref MemoryMarshal.GetReference(dBeta), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            dGamma[j] = MathF.FusedMultiplyAdd(dy[j], (x[j] - mean) * reciprocalStd, dGamma[j]);
            dBeta[j] += dy[j];
        }
    }

    /// <summary>
    /// A layer normalisation's input gradient for one row: dx = r·(g − mean(g) − x̂·mean(g·x̂)), with g = γ ⊙ dy (γ = 1
    /// when empty) and x̂ = (x − mean)·r.
    /// </summary>
    public static void NormalizedInputGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, float mean, float reciprocalStd, float meanG, float meanGX, Span<float> dx)
    {
        bool affine = !gamma.IsEmpty;
        var m = new Vector<float>(mean);
        var r = new Vector<float>(reciprocalStd);
        var mg = new Vector<float>(meanG);
        var mgx = new Vector<float>(meanGX);
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            Vector<float> g = affine ? Load(dy, j) * Load(gamma, j) : Load(dy, j);
            Vector<float> normalized = (Load(x, j) - m) * r;
            (r * (g - mg - (normalized * mgx))).StoreUnsafe(ref MemoryMarshal.GetReference(dx), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            float g = affine ? dy[j] * gamma[j] : dy[j];
            float normalized = (x[j] - mean) * reciprocalStd;
            dx[j] = reciprocalStd * (g - meanG - (normalized * meanGX));
        }
    }

    /// <summary>Σ x[j].</summary>
    private static float Sum(ReadOnlySpan<float> x)
    {
        var accumulator = Vector<float>.Zero;
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            accumulator += Load(x, j);
        }

        float sum = Vector.Sum(accumulator);
        for (; j < x.Length; j++)
        {
            sum += x[j];
        }

        return sum;
    }

    /// <summary>y[j] = x[j]·scale[j] + shift[j] for one row (may run in place).</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> y)
    {
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            Vector.FusedMultiplyAdd(Load(x, j), Load(scale, j), Load(shift, j)).StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            y[j] = MathF.FusedMultiplyAdd(x[j], scale[j], shift[j]);
        }
    }

    /// <summary>y[j] += x[j].</summary>
    private static void AddInto(ReadOnlySpan<float> x, Span<float> y)
    {
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            (Load(y, j) + Load(x, j)).StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            y[j] += x[j];
        }
    }

    /// <summary>z[j] = x[j] + y[j] (z may be x or y).</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            (Load(x, j) + Load(y, j)).StoreUnsafe(ref MemoryMarshal.GetReference(z), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            z[j] = x[j] + y[j];
        }
    }

    /// <summary>z[j] = x[j]·y[j] (z may be x or y).</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            (Load(x, j) * Load(y, j)).StoreUnsafe(ref MemoryMarshal.GetReference(z), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            z[j] = x[j] * y[j];
        }
    }

    /// <summary>x[j] *= factor.</summary>
    private static void Scale(Span<float> x, float factor)
    {
        int j = 0;
        var f = new Vector<float>(factor);
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            (Load(x, j) * f).StoreUnsafe(ref MemoryMarshal.GetReference(x), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            x[j] *= factor;
        }
    }

    private static void AddSquaredDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> mean, Span<float> squares)
    {
        int j = 0;
        for (; j + Vector<float>.Count <= x.Length; j += Vector<float>.Count)
        {
            Vector<float> d = Load(x, j) - Load(mean, j);
            Vector.FusedMultiplyAdd(d, d, Load(squares, j)).StoreUnsafe(ref MemoryMarshal.GetReference(squares), (nuint)j);
        }

        for (; j < x.Length; j++)
        {
            float d = x[j] - mean[j];
            squares[j] = MathF.FusedMultiplyAdd(d, d, squares[j]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ReadOnlySpan<float> x, int at) => Vector.LoadUnsafe(ref MemoryMarshal.GetReference(x), (nuint)at);
}
