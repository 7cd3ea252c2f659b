using System;
using SpanNet.Kernels.LowPrecision;

namespace SpanNet.Kernels.Simd;

/// <summary>
/// The one registry of every algorithm choice SpanNet's kernels make, beside the width (<see cref="WidthDispatcher"/>):
/// dense or zero-skipping products, direct or packed GEMM, the int8 dot-product path. Each choice is normally made by a
/// fixed rule of the shape, the data and the CPU; tests and benchmarks force one for the calls a thread makes, so every
/// variant runs on every input and variants can be compared side by side (as Sep names and forces its parsers).
/// </summary>
/// <remarks>
/// A forced choice is per thread, like a forced width. Worker threads never decide: the calling thread chooses a
/// product's algorithm before any part of it is handed out.
/// </remarks>
internal static class KernelVariants
{
    [ThreadStatic]
    private static SparseProductVariant t_sparseProducts;

    [ThreadStatic]
    private static GemmVariant t_gemm;

    /// <summary>This thread's dense-or-zero-skipping choice: <see cref="SparseProductVariant.Rule"/> unless forced.</summary>
    public static SparseProductVariant SparseProducts => t_sparseProducts;

    /// <summary>This thread's direct-or-packed choice: <see cref="GemmVariant.Rule"/> unless forced.</summary>
    public static GemmVariant Gemm => t_gemm;

    /// <summary>Every int8 path this CPU can run.</summary>
    public static Int8Path[] AvailableInt8Paths => Array.FindAll(Enum.GetValues<Int8Path>(), Int8Affine.IsAvailable);

    /// <summary>Forces <paramref name="variant"/> for this thread's products until the scope is disposed.</summary>
    public static Forced Force(SparseProductVariant variant)
    {
        var previous = new Forced(t_sparseProducts, t_gemm, Int8Affine.Forced);
        t_sparseProducts = variant;
        return previous;
    }

    /// <summary>Forces <paramref name="variant"/> for this thread's GEMM calls until the scope is disposed.</summary>
    public static Forced Force(GemmVariant variant)
    {
        var previous = new Forced(t_sparseProducts, t_gemm, Int8Affine.Forced);
        t_gemm = variant;
        return previous;
    }

    /// <summary>Forces <paramref name="path"/> for this thread's int8 products until the scope is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The path does not run on this CPU.</exception>
    public static Forced Force(Int8Path path)
    {
        if (!Int8Affine.IsAvailable(path))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(path), $"{path} does not run on this CPU; the fastest path here is {Int8Affine.Fastest}.");
        }

        return new Forced(t_sparseProducts, t_gemm, Int8Affine.Force(path));
    }

    /// <summary>Puts back the choices that were in force before a <see cref="Force(SparseProductVariant)"/> when disposed.</summary>
    internal readonly ref struct Forced
    {
        private readonly SparseProductVariant _sparseProducts;
        private readonly GemmVariant _gemm;

        private readonly Int8Path? _int8;

        internal Forced(SparseProductVariant sparseProducts, GemmVariant gemm, Int8Path? int8)
        {
            _sparseProducts = sparseProducts;
            _gemm = gemm;
            _int8 = int8;
        }

        public void Dispose()
        {
            t_sparseProducts = _sparseProducts;
            t_gemm = _gemm;
            Int8Affine.Force(_int8);
        }
    }
}
