using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// The drivers that run an element-wise operator over spans at the width <see cref="WidthDispatcher"/> chooses.
/// </summary>
/// <remarks>
/// <para>Callers check lengths. Destinations may be the same span as a source (in place) but must not partially overlap it.</para>
/// <para>
/// A ragged end is one more full vector ending at the last element, computed first and stored last (see
/// <c>Pass.Run</c>). Spans shorter than one vector run on the next narrower width, down to scalar.
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

    /// <summary><c>w[i] = TOp(x[i], y[i], z[i])</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> w)
        where TOp : ITernaryOperator
        => Run(new TernaryKernel<TOp>(x, y, z), w);

    /// <summary><c>y[i] = TOp(x[i], s, t)</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, float first, float second, Span<float> y)
        where TOp : IScalarPairUnaryOperator
        => Run(new ScalarPairUnaryKernel<TOp>(x, first, second), y);

    /// <summary><c>z[i] = TOp(x[i], y[i], s, t)</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float first, float second, Span<float> z)
        where TOp : IScalarPairBinaryOperator
        => Run(new ScalarPairBinaryKernel<TOp>(x, y, first, second), z);

    private static void Run<TKernel>(TKernel kernel, Span<float> destination)
        where TKernel : IElementKernel, allows ref struct
    {
        var pass = new Pass<TKernel>(kernel, destination);
        WidthDispatcher.Run(ref pass);
    }

    /// <summary>One element-wise pass over a destination, at the width the dispatcher gives it.</summary>
    private readonly ref struct Pass<TKernel> : IWidthKernel
        where TKernel : IElementKernel, allows ref struct
    {
        private readonly TKernel _kernel;
        private readonly Span<float> _destination;

        public Pass(TKernel kernel, Span<float> destination)
        {
            _kernel = kernel;
            _destination = destination;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run<TVec>()
            where TVec : struct, IFloatVector<TVec>
        {
            ref float y = ref MemoryMarshal.GetReference(_destination);
            nuint n = (nuint)_destination.Length, width = (nuint)TVec.Count, i = 0;
            if (n < width)
            {
                Pass<TKernel> self = this;
                WidthDispatcher.RunNarrower<Pass<TKernel>, TVec>(ref self);
                return;
            }

            // The ragged end is computed before the loop writes anything, so its inputs are intact even in place;
            // storing it whole afterwards rewrites the overlapped lanes with the values they already hold. (Blending
            // it into the destination instead meant reloading lanes just stored: a store-forwarding stall that cost
            // ~12 ns a call.)
            nuint last = n - width;
            bool ragged = n % width != 0;
            TVec tail = ragged ? _kernel.Compute<TVec>(last) : default;
            for (; i + width <= n; i += width)
            {
                TVec.Store(_kernel.Compute<TVec>(i), ref y, i);
            }

            if (ragged)
            {
                TVec.Store(tail, ref y, last);
            }
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

    private readonly ref struct TernaryKernel<TOp> : IElementKernel
        where TOp : ITernaryOperator
    {
        private readonly ref float _x;
        private readonly ref float _y;
        private readonly ref float _z;

        public TernaryKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z)
        {
            _x = ref MemoryMarshal.GetReference(x);
            _y = ref MemoryMarshal.GetReference(y);
            _z = ref MemoryMarshal.GetReference(z);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>
            => TOp.Invoke(TVec.Load(in _x, index), TVec.Load(in _y, index), TVec.Load(in _z, index));
    }

    private readonly ref struct ScalarPairUnaryKernel<TOp> : IElementKernel
        where TOp : IScalarPairUnaryOperator
    {
        private readonly ref float _x;
        private readonly float _first;
        private readonly float _second;

        public ScalarPairUnaryKernel(ReadOnlySpan<float> x, float first, float second)
        {
            _x = ref MemoryMarshal.GetReference(x);
            _first = first;
            _second = second;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>
            => TOp.Invoke(TVec.Load(in _x, index), TVec.Create(_first), TVec.Create(_second));
    }

    private readonly ref struct ScalarPairBinaryKernel<TOp> : IElementKernel
        where TOp : IScalarPairBinaryOperator
    {
        private readonly ref float _x;
        private readonly ref float _y;
        private readonly float _first;
        private readonly float _second;

        public ScalarPairBinaryKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float first, float second)
        {
            _x = ref MemoryMarshal.GetReference(x);
            _y = ref MemoryMarshal.GetReference(y);
            _first = first;
            _second = second;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec>(nuint index)
            where TVec : struct, IFloatVector<TVec>
            => TOp.Invoke(TVec.Load(in _x, index), TVec.Load(in _y, index), TVec.Create(_first), TVec.Create(_second));
    }
}
