using System;
using SpanNet.Kernels.Simd;
using SpanNet.Threading;

namespace SpanNet.Kernels;

public static partial class Gemm
{
    /// <summary>Each worker thread's own packing panels, made on its first part and kept for its life.</summary>
    [ThreadStatic]
    private static GemmScratch? t_workerScratch;

    /// <summary>This worker thread's own packing panels (made on first use, kept for the thread's life), for a part of a parallel job that runs products.</summary>
    internal static GemmScratch WorkerScratch => t_workerScratch ??= new GemmScratch();

    /// <summary>
    /// The packed product split over <paramref name="parts"/> blocks of C (<see cref="GemmPartition"/>). The caller's
    /// thread runs part 0 in the panels it was given; each worker packs into its own.
    /// </summary>
    private static unsafe void MultiplyPackedInParallel<TVec>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, float beta, Span<float> packedA, Span<float> packedB, int parts, bool bInPlace)
        where TVec : struct, IFloatVector<TVec>
    {
        // Pinned for the call: the workers reach the spans through raw pointers, and the call returns only when they are done.
        fixed (float* aPtr = a, bPtr = b, cPtr = c, packedAPtr = packedA, packedBPtr = packedB)
        {
            var job = new PackedJob<TVec>
            {
                A = new(aPtr, a.Length),
                B = new(bPtr, b.Length),
                C = new(cPtr, c.Length),
                PackedA = new(packedAPtr, packedA.Length),
                PackedB = new(packedBPtr, packedB.Length),
                Shape = shape,
                Alpha = alpha,
                Beta = beta,
                BInPlace = bInPlace,
            };
            Parallelism.Pool.Run(ref job, parts);
        }
    }

    /// <summary>One part of a parallel packed product: scale its block of C by β, then add α·op(A)·op(B) over it.</summary>
    private struct PackedJob<TVec> : IParallelJob
        where TVec : struct, IFloatVector<TVec>
    {
        public PinnedSpan A;
        public PinnedSpan B;
        public PinnedSpan C;
        public PinnedSpan PackedA;
        public PinnedSpan PackedB;
        public GemmShape Shape;
        public float Alpha;
        public float Beta;
        public bool BInPlace;

        public readonly void Execute(int part, int parts)
        {
            GemmBlock block = GemmPartition.Block(in Shape, GemmBlocking.ColumnVectors * TVec.Count, part, parts);
            if (block.RowStart == block.RowEnd || block.ColumnStart == block.ColumnEnd)
            {
                return;
            }

            Span<float> packedA = PackedA.Span, packedB = PackedB.Span;
            if (part != 0)
            {
                GemmScratch scratch = WorkerScratch;
                packedA = scratch.PackedA;
                packedB = scratch.PackedB;
            }

            Span<float> c = C.Span;
            ScaleC(c, in Shape, block, Beta);
            MultiplyPacked<TVec>(A.Span, B.Span, c, in Shape, Alpha, block, packedA, packedB, BInPlace);
        }
    }
}
