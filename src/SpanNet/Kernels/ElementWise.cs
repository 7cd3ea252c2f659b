using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// The drivers that run an element-wise operator over spans on the widest accelerated width. The <c>TVec</c> overloads
/// let tests force one width, including scalar.
/// </summary>
/// <remarks>
/// <para>Callers check lengths. Destinations may be the same span as a source (in place) but must not partially overlap it.</para>
/// <para>
/// A ragged end is one more full vector ending at the last element, computed first and stored last (see
/// <c>Run</c>). Spans shorter than one vector run on the next narrower width, down to scalar.
/// </para>
/// <para>
/// The width-specific driver is <c>NoInlining</c>: it is then its own JIT compilation root with a fresh inlining
/// budget, so a long operator (tanh inlines exp, selects, copysign…) is inlined whole instead of running out of
/// budget halfway and leaving calls in the loop (measured 13× slower for tanh).
/// </para>
/// </remarks>
internal static class ElementWise
{
    /// <summary><c>y[i] = TOp(x[i])</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : IUnaryOperator
        => Run(new UnaryKernel<TOp>(x), y);

    /// <summary><c>z[i] = TOp(x[i], y[i])</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
        where TOp : IBinaryOperator
        => Run(new BinaryKernel<TOp>(x, y), z);

    /// <summary><c>y[i] = TOp(x[i], s)</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, float scalar, Span<float> y)
        where TOp : IScalarUnaryOperator
        => Run(new ScalarUnaryKernel<TOp>(x, scalar), y);

    /// <summary><c>z[i] = TOp(x[i], y[i], s)</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float scalar, Span<float> z)
        where TOp : IScalarBinaryOperator
        => Run(new ScalarBinaryKernel<TOp>(x, y, scalar), z);

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : IUnaryOperator
        where TVec : struct, IFloatVector<TVec>
        => Run<UnaryKernel<TOp>, TVec>(new UnaryKernel<TOp>(x), y);

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
        where TOp : IBinaryOperator
        where TVec : struct, IFloatVector<TVec>
        => Run<BinaryKernel<TOp>, TVec>(new BinaryKernel<TOp>(x, y), z);

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, float scalar, Span<float> y)
        where TOp : IScalarUnaryOperator
        where TVec : struct, IFloatVector<TVec>
        => Run<ScalarUnaryKernel<TOp>, TVec>(new ScalarUnaryKernel<TOp>(x, scalar), y);

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float scalar, Span<float> z)
        where TOp : IScalarBinaryOperator
        where TVec : struct, IFloatVector<TVec>
        => Run<ScalarBinaryKernel<TOp>, TVec>(new ScalarBinaryKernel<TOp>(x, y, scalar), z);

    private static void Run<TKernel>(TKernel kernel, Span<float> destination)
        where TKernel : IElementKernel, allows ref struct
    {
        if (FloatVector512.IsHardwareAccelerated)
        {
            Run<TKernel, FloatVector512>(kernel, destination);
        }
        else if (FloatVector256.IsHardwareAccelerated)
        {
            Run<TKernel, FloatVector256>(kernel, destination);
        }
        else if (FloatVector128.IsHardwareAccelerated)
        {
            Run<TKernel, FloatVector128>(kernel, destination);
        }
        else
        {
            Run<TKernel, FloatScalar>(kernel, destination);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Run<TKernel, TVec>(TKernel kernel, Span<float> destination)
        where TKernel : IElementKernel, allows ref struct
        where TVec : struct, IFloatVector<TVec>
    {
        ref float y = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)destination.Length, width = (nuint)TVec.Count, i = 0;
        if (n < width)
        {
            RunNarrower<TKernel, TVec>(kernel, destination);
            return;
        }

        // The ragged end is computed before the loop writes anything, so its inputs are intact even in place; storing
        // it whole afterwards rewrites the overlapped lanes with the values they already hold. (Blending it into the
        // destination instead meant reloading lanes just stored: a store-forwarding stall that cost ~12 ns a call.)
        nuint last = n - width;
        bool ragged = n % width != 0;
        TVec tail = ragged ? kernel.Compute<TVec>(last) : default;
        for (; i + width <= n; i += width)
        {
            TVec.Store(kernel.Compute<TVec>(i), ref y, i);
        }

        if (ragged)
        {
            TVec.Store(tail, ref y, last);
        }
    }

    private static void RunNarrower<TKernel, TVec>(TKernel kernel, Span<float> destination)
        where TKernel : IElementKernel, allows ref struct
        where TVec : struct, IFloatVector<TVec>
    {
        if (TVec.Count > FloatVector256.Count)
        {
            Run<TKernel, FloatVector256>(kernel, destination);
        }
        else if (TVec.Count > FloatVector128.Count)
        {
            Run<TKernel, FloatVector128>(kernel, destination);
        }
        else if (TVec.Count > 1)
        {
            Run<TKernel, FloatScalar>(kernel, destination);
        }
    }

    /// <summary>Computes one vector of results from the inputs at an index.</summary>
    private interface IElementKernel
    {
        TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>;
    }

    private readonly ref struct UnaryKernel<TOp> : IElementKernel
        where TOp : IUnaryOperator
    {
        private readonly ref float _x;

        public UnaryKernel(ReadOnlySpan<float> x) => _x = ref MemoryMarshal.GetReference(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>
            => TOp.Invoke(TVec.Load(in _x, index));
    }

    private readonly ref struct BinaryKernel<TOp> : IElementKernel
        where TOp : IBinaryOperator
    {
        private readonly ref float _x;
        private readonly ref float _y;

        public BinaryKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            _x = ref MemoryMarshal.GetReference(x);
            _y = ref MemoryMarshal.GetReference(y);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>
            => TOp.Invoke(TVec.Load(in _x, index), TVec.Load(in _y, index));
    }

    private readonly ref struct ScalarUnaryKernel<TOp> : IElementKernel
        where TOp : IScalarUnaryOperator
    {
        private readonly ref float _x;
        private readonly float _scalar;

        public ScalarUnaryKernel(ReadOnlySpan<float> x, float scalar)
        {
            _x = ref MemoryMarshal.GetReference(x);
            _scalar = scalar;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>
            => TOp.Invoke(TVec.Load(in _x, index), TVec.Create(_scalar));
    }

    private readonly ref struct ScalarBinaryKernel<TOp> : IElementKernel
        where TOp : IScalarBinaryOperator
    {
        private readonly ref float _x;
        private readonly ref float _y;
        private readonly float _scalar;

        public ScalarBinaryKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float scalar)
        {
            _x = ref MemoryMarshal.GetReference(x);
            _y = ref MemoryMarshal.GetReference(y);
            _scalar = scalar;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>
            => TOp.Invoke(TVec.Load(in _x, index), TVec.Load(in _y, index), TVec.Create(_scalar));
    }
}
