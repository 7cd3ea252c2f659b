using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SpanNet.Kernels.Simd;
using SpanNet.Threading;

namespace SpanNet.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// <c>C = op(A) · B + β · C</c> visiting only the nonzero entries of A: each one adds <c>A(i, p) · B[p, :]</c> to
    /// row i of C. For an A that is mostly zeros — MNIST pixels are about 81 % zeros, ReLU outputs about half — this
    /// does a fraction of <see cref="MultiplyAdd(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, MatrixOperation, MatrixOperation, float, float, GemmScratch?)"/>'s
    /// work; for a dense A it is slower, since it streams a row of B per entry instead of blocking for the caches.
    /// <see cref="Reductions.NonZeroFraction"/> tells which applies.
    /// </summary>
    /// <param name="a">A: m × k when <paramref name="opA"/> is the identity (each row's nonzeros scale rows of B), else
    /// k × m (each of its nonzeros <c>A[p, i]</c> adds <c>A[p, i] · B[p, :]</c> to row i of C: the weight gradient
    /// <c>Xᵀ · dY</c> of a dense layer with sparse input X).</param>
    /// <param name="b">B: k × n, row-major.</param>
    /// <param name="c">C: m × n. Written; read too unless β is 0.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="k">Columns of op(A), rows of B.</param>
    /// <param name="opA">Whether to use A or Aᵀ.</param>
    /// <param name="beta">β, the scale of C's prior contents; 0 overwrites C.</param>
    /// <remarks>
    /// Entries of A equal to ±0 are skipped; NaN and ±∞ are not, so they propagate as in the dense product. Unlike the
    /// dense product, a zero in A contributes nothing even where B holds NaN or ±∞. Each element of C accumulates its
    /// terms in a fixed order, so results are bit-identical run to run. Allocates nothing (the gather lists are on the stack).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    /// <exception cref="ArgumentException">A span's length does not match its shape, or C overlaps A or B.</exception>
    public static void MultiplyAddSparseA(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> c,
        int m,
        int n,
        int k,
        MatrixOperation opA = MatrixOperation.Identity,
        float beta = 0f)
    {
        Guard.NonNegative(m);
        Guard.NonNegative(n);
        Guard.NonNegative(k);
        Guard.Length(a.Length, Guard.Product(m, k, nameof(a)), nameof(a));
        Guard.Length(b.Length, Guard.Product(k, n, nameof(b)), nameof(b));
        Guard.Length(c.Length, Guard.Product(m, n, nameof(c)), nameof(c));
        CheckNoAliasing(a, b, c);
        var call = new SparseACall(a, b, c, m, n, k, opA, beta);
        WidthDispatcher.Run(ref call);
    }

    /// <summary><see cref="MultiplyAddSparseA"/> on width <typeparamref name="TVec"/>, split over rows of C when it is worth threads.</summary>
    private static unsafe void MultiplySparseA<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, MatrixOperation opA, float beta)
        where TVec : struct, IFloatVector<TVec>
    {
        // The work is A's nonzeros times n, unknown until A is read; its dense bound decides, like the dense product's.
        int parts = (int)Math.Max(1, Math.Min((long)m * n * k / GemmPartition.MinMultiplyAddsPerPart, Math.Min(m, Parallelism.Pool.ThreadCount)));
        if (parts == 1)
        {
            MultiplySparseARows<TVec>(a, b, c, m, n, k, opA, beta, 0, m);
            return;
        }

        fixed (float* aPtr = a, bPtr = b, cPtr = c)
        {
            var job = new SparseAJob<TVec> { A = new(aPtr, a.Length), B = new(bPtr, b.Length), C = new(cPtr, c.Length), M = m, N = n, K = k, OpA = opA, Beta = beta };
            Parallelism.Pool.Run(ref job, parts);
        }
    }

    /// <summary>
    /// Rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of C. Each element sums its terms in increasing p
    /// whichever rows a call covers, so splitting C's rows between threads leaves the bits alone. Never inlined, so a
    /// worker's part compiles it with a whole inlining budget, as the caller's thread does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplySparseARows<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, MatrixOperation opA, float beta, int rowStart, int rowEnd)
        where TVec : struct, IFloatVector<TVec>
    {
        ScaleRows(c.Slice(rowStart * n, (rowEnd - rowStart) * n), beta);
        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        if (opA == MatrixOperation.Identity)
        {
            // (m, k) · (k, n): row i of A picks rows of B and sums them into row i of C. The row's nonzeros are first
            // gathered into a short list, so C's columns can be summed in registers over the list instead of being
            // loaded and stored once per nonzero (stores, not FMAs, would bound the loop).
            Span<int> columns = stackalloc int[SparseChunk + GatherSlack];
            Span<float> values = stackalloc float[SparseChunk + GatherSlack];
            for (int i = rowStart; i < rowEnd; i++)
            {
                ref float cRow = ref Unsafe.Add(ref cRef, (nint)i * n);
                ref float aRow = ref Unsafe.Add(ref aRef, (nint)i * k);
                for (int start = 0; start < k; start += SparseChunk)
                {
                    int count = Gather<TVec>(ref Unsafe.Add(ref aRow, start), Math.Min(SparseChunk, k - start), start, columns, values);
                    SumScaledRows<TVec>(columns[..count], values[..count], ref bRef, n, ref cRow);
                }
            }
        }
        else
        {
            MultiplySparseATransposedRows<TVec>(ref aRef, ref bRef, ref cRef, m, n, k, rowStart, rowEnd);
        }
    }

    /// <summary>
    /// Rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of <c>C += Aᵀ · B</c> for a k × m A (the weight
    /// gradient <c>Xᵀ · dY</c>: row i of C is input i's, summed over the batch's rows p). A block of
    /// <see cref="TransposedBlockRows"/> rows of C at a time: a walk down A's rows deals each nonzero
    /// <c>A[p, i]</c> into row i's list, then each row of C sums its list of scaled rows of B in registers, as the
    /// untransposed product does. (Scattering each nonzero straight into its row of C loads and stores that row once
    /// per nonzero, so stores bound it: 2–3 times slower than the dense product at MNIST's density.)
    /// </summary>
    /// <remarks>
    /// A row of C sums its terms in increasing p, in lists of at most <see cref="TransposedChunk"/>; both depend on
    /// the shapes alone, so any split of C's rows gives the same bits.
    /// </remarks>
    private static void MultiplySparseATransposedRows<TVec>(ref float aRef, ref float bRef, ref float cRef, int m, int n, int k, int rowStart, int rowEnd)
        where TVec : struct, IFloatVector<TVec>
    {
        Span<int> counts = stackalloc int[TransposedBlockRows];
        Span<int> rows = stackalloc int[TransposedBlockRows * TransposedChunk];
        Span<float> values = stackalloc float[TransposedBlockRows * TransposedChunk];
        ref int countsRef = ref MemoryMarshal.GetReference(counts);
        ref int rowsRef = ref MemoryMarshal.GetReference(rows);
        ref float valuesRef = ref MemoryMarshal.GetReference(values);
        for (int block = rowStart; block < rowEnd; block += TransposedBlockRows)
        {
            int width = Math.Min(TransposedBlockRows, rowEnd - block);
            for (int chunk = 0; chunk < k; chunk += TransposedChunk)
            {
                int chunkEnd = Math.Min(k, chunk + TransposedChunk);
                counts.Clear();
                for (int p = chunk; p < chunkEnd; p++)
                {
                    ref float aRow = ref Unsafe.Add(ref aRef, ((nint)p * m) + block);
                    for (ulong bits = NonZeroBits<TVec>(ref aRow, width); bits != 0; bits &= bits - 1)
                    {
                        // Indices stay inside the lists: i < width ≤ 64 lists, and a list takes one entry per row of the chunk.
                        nint i = BitOperations.TrailingZeroCount(bits);
                        ref int count = ref Unsafe.Add(ref countsRef, i);
                        nint at = (i * TransposedChunk) + count++;
                        Unsafe.Add(ref rowsRef, at) = p;
                        Unsafe.Add(ref valuesRef, at) = Unsafe.Add(ref aRow, i);
                    }
                }

                for (int i = 0; i < width; i++)
                {
                    if (counts[i] != 0)
                    {
                        int at = i * TransposedChunk;
                        SumScaledRows<TVec>(rows.Slice(at, counts[i]), values.Slice(at, counts[i]), ref bRef, n, ref Unsafe.Add(ref cRef, (nint)(block + i) * n));
                    }
                }
            }
        }
    }

    /// <summary>One part of a parallel zero-skipping product: an equal share of C's rows.</summary>
    private struct SparseAJob<TVec> : IParallelJob
        where TVec : struct, IFloatVector<TVec>
    {
        public PinnedSpan A;
        public PinnedSpan B;
        public PinnedSpan C;
        public int M;
        public int N;
        public int K;
        public MatrixOperation OpA;
        public float Beta;

        public readonly void Execute(int part, int parts)
        {
            (int rowStart, int rowEnd) = PartRange.Of(M, 1, part, parts);
            MultiplySparseARows<TVec>(A.Span, B.Span, C.Span, M, N, K, OpA, Beta, rowStart, rowEnd);
        }
    }

    /// <summary>Entries of a row of A gathered at a time: 32 KB of stack for the two lists; longer rows go in chunks.</summary>
    private const int SparseChunk = 4096;

    /// <summary>Rows of C a transposed product fills at a time: one bit each in a 64-bit nonzero mask of A's row.</summary>
    private const int TransposedBlockRows = 64;

    /// <summary>Rows of A dealt into the lists at a time by a transposed product: with 64 lists, 64 KB of stack.</summary>
    private const int TransposedChunk = 128;

    /// <summary>Room past a gather list's end for the compress path's whole-vector stores.</summary>
    private const int GatherSlack = 16;

    /// <summary>
    /// Writes the position (plus <paramref name="offset"/>) and value of each nonzero of <c>row[0..length)</c> into the
    /// lists, in increasing position; returns how many. The lists need <see cref="GatherSlack"/> entries of room past
    /// <paramref name="length"/>.
    /// </summary>
    private static int Gather<TVec>(ref float row, int length, int offset, Span<int> columns, Span<float> values)
        where TVec : struct, IFloatVector<TVec>
    {
        // The bit-scan loop below ends each block at a data-dependent point, which the branch predictor misses about
        // once per block; AVX-512's compress has no branch per element, and with it the forward product of MNIST's first
        // layer (batches of 100 over an epoch) went from 0.128 s to 0.084 s here. Only the 512-bit width takes it, so a
        // test that forces a narrower width runs that width.
        if (typeof(TVec) == typeof(FloatVector512) && Avx512F.IsSupported)
        {
            return GatherAvx512Compress(ref row, length, offset, columns, values);
        }

        return GatherBitScan<TVec>(ref row, length, offset, columns, values);
    }

    /// <summary>
    /// <see cref="Gather{TVec}"/> with <c>vcompressps</c>: each 16-lane block packs its nonzero values and their
    /// positions to the front of two vectors, stored whole at the lists' ends (hence the slack).
    /// </summary>
    private static int GatherAvx512Compress(ref float row, int length, int offset, Span<int> columns, Span<float> values)
    {
        ref int columnsRef = ref MemoryMarshal.GetReference(columns);
        ref float valuesRef = ref MemoryMarshal.GetReference(values);
        int count = 0;
        int block = 0;
        for (; block + Vector512<float>.Count <= length; block += Vector512<float>.Count)
        {
            Vector512<float> x = Vector512.LoadUnsafe(ref row, (nuint)block);
            // Not equal to 0 is VectorMath.NonZero's rule: ±0 are skipped, NaN and ±∞ kept.
            Vector512<float> nonZero = ~Vector512.Equals(x, Vector512<float>.Zero);
            Avx512F.Compress(Vector512<float>.Zero, nonZero, x).StoreUnsafe(ref valuesRef, (nuint)count);
            Vector512<int> positions = Vector512<int>.Indices + Vector512.Create(block + offset);
            Avx512F.Compress(Vector512<int>.Zero, nonZero.AsInt32(), positions).StoreUnsafe(ref columnsRef, (nuint)count);
            count += BitOperations.PopCount(nonZero.ExtractMostSignificantBits());
        }

        for (; block < length; block++)
        {
            float x = Unsafe.Add(ref row, block);
            Unsafe.Add(ref columnsRef, count) = block + offset;
            Unsafe.Add(ref valuesRef, count) = x;
            count += (int)FloatScalar.LaneBits(VectorMath.NonZero(FloatScalar.Create(x)));
        }

        return count;
    }

    /// <summary><see cref="Gather{TVec}"/> at any width: a vector compare per block, then one step per set bit.</summary>
    private static int GatherBitScan<TVec>(ref float row, int length, int offset, Span<int> columns, Span<float> values)
        where TVec : struct, IFloatVector<TVec>
    {
        int count = 0;
        for (int block = 0; block < length; block += TVec.Count)
        {
            for (uint bits = NonZeroBits<TVec>(ref row, block, length); bits != 0; bits &= bits - 1)
            {
                int p = block + BitOperations.TrailingZeroCount(bits);
                columns[count] = p + offset;
                values[count] = Unsafe.Add(ref row, p);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// <c>c[0..n) += Σₜ values[t] · B[columns[t], 0..n)</c> with fused multiply-adds, each column block summed in
    /// registers. Blocks narrow from four vectors of <typeparamref name="TVec"/> to scalar.
    /// </summary>
    private static void SumScaledRows<TVec>(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ref float b, int n, ref float c)
        where TVec : struct, IFloatVector<TVec>
    {
        int j = SumScaledColumns<TVec>(columns, values, ref b, n, ref c, 0);
        if (TVec.Count > FloatVector256.Count)
        {
            j = SumScaledColumns<FloatVector256>(columns, values, ref b, n, ref c, j);
        }

        if (TVec.Count > FloatVector128.Count)
        {
            j = SumScaledColumns<FloatVector128>(columns, values, ref b, n, ref c, j);
        }

        SumScaledColumns<FloatScalar>(columns, values, ref b, n, ref c, j);
    }

    /// <summary>Does <see cref="SumScaledRows{TVec}"/> for the whole vectors that fit in [start, n); returns the first column left.</summary>
    private static int SumScaledColumns<TVec>(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ref float b, int n, ref float c, int start)
        where TVec : struct, IFloatVector<TVec>
    {
        int width = TVec.Count;
        int j = start;
        for (; j + (4 * width) <= n; j += 4 * width)
        {
            ref float cBlock = ref Unsafe.Add(ref c, j);
            TVec s0 = TVec.Load(in cBlock, 0), s1 = TVec.Load(in cBlock, (nuint)width);
            TVec s2 = TVec.Load(in cBlock, (nuint)(2 * width)), s3 = TVec.Load(in cBlock, (nuint)(3 * width));
            for (int t = 0; t < columns.Length; t++)
            {
                ref float bBlock = ref Unsafe.Add(ref b, ((nint)columns[t] * n) + j);
                TVec scale = TVec.Create(values[t]);
                s0 = TVec.MultiplyAdd(scale, TVec.Load(in bBlock, 0), s0);
                s1 = TVec.MultiplyAdd(scale, TVec.Load(in bBlock, (nuint)width), s1);
                s2 = TVec.MultiplyAdd(scale, TVec.Load(in bBlock, (nuint)(2 * width)), s2);
                s3 = TVec.MultiplyAdd(scale, TVec.Load(in bBlock, (nuint)(3 * width)), s3);
            }

            TVec.Store(s0, ref cBlock, 0);
            TVec.Store(s1, ref cBlock, (nuint)width);
            TVec.Store(s2, ref cBlock, (nuint)(2 * width));
            TVec.Store(s3, ref cBlock, (nuint)(3 * width));
        }

        // One vector of columns: the terms are dealt round four accumulators so the FMAs do not wait on each other
        // (one accumulator left them latency-bound, 1.5 times slower on MNIST's first layer), then added in a fixed order.
        for (; j + width <= n; j += width)
        {
            ref float cBlock = ref Unsafe.Add(ref c, j);
            TVec s0 = TVec.Load(in cBlock, 0), s1 = TVec.Zero, s2 = TVec.Zero, s3 = TVec.Zero;
            int t = 0;
            for (; t + 4 <= columns.Length; t += 4)
            {
                s0 = TVec.MultiplyAdd(TVec.Create(values[t]), TVec.Load(in Unsafe.Add(ref b, ((nint)columns[t] * n) + j), 0), s0);
                s1 = TVec.MultiplyAdd(TVec.Create(values[t + 1]), TVec.Load(in Unsafe.Add(ref b, ((nint)columns[t + 1] * n) + j), 0), s1);
                s2 = TVec.MultiplyAdd(TVec.Create(values[t + 2]), TVec.Load(in Unsafe.Add(ref b, ((nint)columns[t + 2] * n) + j), 0), s2);
                s3 = TVec.MultiplyAdd(TVec.Create(values[t + 3]), TVec.Load(in Unsafe.Add(ref b, ((nint)columns[t + 3] * n) + j), 0), s3);
            }

            for (; t < columns.Length; t++)
            {
                s0 = TVec.MultiplyAdd(TVec.Create(values[t]), TVec.Load(in Unsafe.Add(ref b, ((nint)columns[t] * n) + j), 0), s0);
            }

            TVec.Store((s0 + s1) + (s2 + s3), ref cBlock, 0);
        }

        return j;
    }

    /// <summary>β = 0 clears C without reading it (BLAS semantics), β = 1 leaves it, anything else scales it.</summary>
    private static void ScaleRows(Span<float> c, float beta)
    {
        if (beta == 0f)
        {
            c.Clear();
        }
        else if (beta != 1f)
        {
            ElementWise.Apply<Operators.MultiplyByScalarOperator>(c, beta, c);
        }
    }

    /// <summary>Bit j set where <c>row[j]</c> is nonzero, for j below <paramref name="length"/> (at most 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NonZeroBits<TVec>(ref float row, int length)
        where TVec : struct, IFloatVector<TVec>
    {
        ulong bits = 0;
        for (int block = 0; block < length; block += TVec.Count)
        {
            bits |= (ulong)NonZeroBits<TVec>(ref row, block, length) << block;
        }

        return bits;
    }

    /// <summary>
    /// Bit j set where <c>row[block + j]</c> is nonzero, for one vector of <typeparamref name="TVec"/> (fewer lanes at
    /// the end of the row, read one by one so nothing past <paramref name="length"/> is touched).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NonZeroBits<TVec>(ref float row, int block, int length)
        where TVec : struct, IFloatVector<TVec>
    {
        if (block + TVec.Count <= length)
        {
            return TVec.LaneBits(VectorMath.NonZero(TVec.Load(in row, (nuint)block)));
        }

        uint bits = 0;
        for (int j = block; j < length; j++)
        {
            bits |= FloatScalar.LaneBits(VectorMath.NonZero(FloatScalar.Load(in row, (nuint)j))) << (j - block);
        }

        return bits;
    }

    /// <summary>One <see cref="MultiplyAddSparseA"/> call with its arguments bound, for the width dispatcher.</summary>
    private readonly ref struct SparseACall : IWidthKernel
    {
        private readonly ReadOnlySpan<float> _a;
        private readonly ReadOnlySpan<float> _b;
        private readonly Span<float> _c;
        private readonly int _m;
        private readonly int _n;
        private readonly int _k;
        private readonly MatrixOperation _opA;
        private readonly float _beta;

        public SparseACall(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, MatrixOperation opA, float beta)
        {
            _a = a;
            _b = b;
            _c = c;
            _m = m;
            _n = n;
            _k = k;
            _opA = opA;
            _beta = beta;
        }

        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
            => MultiplySparseA<TVec>(_a, _b, _c, _m, _n, _k, _opA, _beta);
    }
}
