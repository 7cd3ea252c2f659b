using System;
using SpanNet.Memory;

namespace SpanNet.Kernels;

/// <summary>
/// General matrix multiply: <c>C = α · op(A) · op(B) + β · C</c> over row-major spans, where op(A) is m × k,
/// op(B) is k × n and C is m × n. With <c>op</c> the identity or the transpose this is every product a dense layer
/// needs: the forward pass <c>Y = X·W</c>, the input gradient <c>dX = dY·Wᵀ</c> and the weight gradient <c>dW = Xᵀ·dY</c>.
/// </summary>
/// <remarks>
/// <para>
/// Large products run a register-blocked micro-kernel (<see cref="GemmBlocking.Rows"/> rows by two vectors of columns;
/// ragged edges get 4-row and one-vector tiles) over packed panels of A and B, with cache blocking over k, m and n
/// (Goto/BLIS loop order). Products of up to <see cref="GemmBlocking.RowBlock"/> rows with B as stored read B's panels
/// in place (<see cref="GemmBlocking.ReadsBInPlace"/>), and products of up to <see cref="GemmBlocking.DirectRowLimit"/>
/// rows stream B directly without packing A either, because packing would cost more than it saves.
/// </para>
/// <para>
/// A packed product of at least 2¹⁷ multiply-adds per thread is split over the worker pool
/// (<see cref="Threading.Parallelism.ThreadCount"/> threads, the caller's included) by blocks of C, and so is the
/// zero-skipping product by rows of C. Each element of C is computed by one thread in the same order whatever the
/// split, so results are bit-identical at every thread count. The direct path always runs on the caller's thread.
/// </para>
/// <para>
/// As in BLAS, when β is 0 the prior contents of C are not read (NaN there does not propagate). C must not overlap A
/// or B; A and B may overlap each other. Packing panels come from the <see cref="GemmScratch"/> passed in, or from
/// <see cref="AlignedBufferPool.Shared"/>; either way a call allocates nothing once the pool is warm.
/// </para>
/// </remarks>
public static partial class Gemm
{
    /// <summary>
    /// <c>C = α · op(A) · op(B) + β · C</c> on contiguous row-major matrices.
    /// </summary>
    /// <param name="a">A: m × k when <paramref name="opA"/> is the identity, else k × m.</param>
    /// <param name="b">B: k × n when <paramref name="opB"/> is the identity, else n × k.</param>
    /// <param name="c">C: m × n. Written; read too unless β is 0.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="opA">Whether to use A or Aᵀ.</param>
    /// <param name="opB">Whether to use B or Bᵀ.</param>
    /// <param name="alpha">α, the scale of the product.</param>
    /// <param name="beta">β, the scale of C's prior contents; 0 overwrites C.</param>
    /// <param name="scratch">Packing panels to use; <see langword="null"/> rents them from the shared pool.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A span's length does not match its shape, or C overlaps A or B.</exception>
    public static void MultiplyAdd(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int n,
        int k,
        MatrixOperation opA = MatrixOperation.Identity,
        MatrixOperation opB = MatrixOperation.Identity,
        float alpha = 1f,
        float beta = 0f,
        GemmScratch? scratch = null)
    {
        Guard.NonNegative(m);
        Guard.NonNegative(n);
        Guard.NonNegative(k);
        Guard.Length(a.Length, Guard.Product(m, k, nameof(a)), nameof(a));
        Guard.Length(b.Length, Guard.Product(k, n, nameof(b)), nameof(b));
        Guard.Length(c.Length, Guard.Product(m, n, nameof(c)), nameof(c));
        CheckNoAliasing(a, b, c);
        var shape = new GemmShape(m, n, k, opA, opB, lda: opA == MatrixOperation.Identity ? k : m, ldb: opB == MatrixOperation.Identity ? n : k, ldc: n);
        Run(a, b, c, in shape, alpha, beta, scratch);
    }

    /// <summary>
    /// <c>C = α · op(A) · op(B) + β · C</c> on strided views; the shapes come from the views.
    /// </summary>
    /// <param name="a">A, or Aᵀ when <paramref name="opA"/> is <see cref="MatrixOperation.Transpose"/>.</param>
    /// <param name="b">B, or Bᵀ when <paramref name="opB"/> is <see cref="MatrixOperation.Transpose"/>.</param>
    /// <param name="c">C. Written; read too unless β is 0.</param>
    /// <param name="opA">Whether to use A or Aᵀ.</param>
    /// <param name="opB">Whether to use B or Bᵀ.</param>
    /// <param name="alpha">α, the scale of the product.</param>
    /// <param name="beta">β, the scale of C's prior contents; 0 overwrites C.</param>
    /// <param name="scratch">Packing panels to use; <see langword="null"/> rents them from the shared pool.</param>
    /// <exception cref="ArgumentException">The views' shapes do not agree.</exception>
    internal static void MultiplyAdd(
        ReadOnlyMatrixView a,
        ReadOnlyMatrixView b,
        MatrixView c,
        MatrixOperation opA = MatrixOperation.Identity,
        MatrixOperation opB = MatrixOperation.Identity,
        float alpha = 1f,
        float beta = 0f,
        GemmScratch? scratch = null)
    {
        int m = opA == MatrixOperation.Identity ? a.Rows : a.Columns;
        int k = opA == MatrixOperation.Identity ? a.Columns : a.Rows;
        int kB = opB == MatrixOperation.Identity ? b.Rows : b.Columns;
        int n = opB == MatrixOperation.Identity ? b.Columns : b.Rows;
        if (kB != k)
        {
            ThrowHelper.Argument(nameof(b), $"op(A) is {m} × {k} but op(B) has {kB} rows; they must agree.");
        }

        if (c.Rows != m || c.Columns != n)
        {
            ThrowHelper.Argument(nameof(c), $"C is {c.Rows} × {c.Columns}; op(A)·op(B) is {m} × {n}.");
        }

        CheckNoAliasing(a.Data, b.Data, c.Data);
        var shape = new GemmShape(m, n, k, opA, opB, a.RowStride, b.RowStride, c.RowStride);
        Run(a.Data, b.Data, c.Data, in shape, alpha, beta, scratch);
    }

    private static void CheckNoAliasing(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c)
    {
        // C is written tile by tile while A and B are still being read, so any overlap would corrupt the product.
        if (c.Overlaps(a) || c.Overlaps(b))
        {
            ThrowHelper.Argument(nameof(c), "C overlaps A or B; GEMM needs its output separate from its inputs.");
        }
    }

    private static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, float beta, GemmScratch? scratch)
    {
        if (scratch is not null)
        {
            Multiply(a, b, c, in shape, alpha, beta, scratch.PackedA, scratch.PackedB);
            return;
        }

        if (!NeedsPacking(in shape))
        {
            Multiply(a, b, c, in shape, alpha, beta, Span<float>.Empty, Span<float>.Empty);
            return;
        }

        using AlignedBuffer packedA = AlignedBufferPool.Shared.Rent(GemmBlocking.PackedALength);
        using AlignedBuffer packedB = AlignedBufferPool.Shared.Rent(GemmBlocking.PackedBLength);
        Multiply(a, b, c, in shape, alpha, beta, packedA.Span, packedB.Span);
    }
}
