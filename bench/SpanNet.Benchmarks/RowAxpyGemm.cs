using System;
using System.Numerics.Tensors;

namespace SpanNet.Benchmarks;

/// <summary>
/// The GEMM a .NET developer writes without a GEMM library, the baseline of both benchmark suites: each row of C is a
/// sum of rows of B scaled by A's entries, one vectorised <see cref="TensorPrimitives.MultiplyAdd(ReadOnlySpan{float}, float, ReadOnlySpan{float}, Span{float})"/> per term.
/// </summary>
public static class RowAxpyGemm
{
    /// <summary>C = A·B for row-major A (m × k), B (k × n) and C (m × n).</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * k, k);
            Span<float> cRow = c.Slice(i * n, n);
            cRow.Clear();
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aRow[p], cRow, cRow);
            }
        }
    }
}
