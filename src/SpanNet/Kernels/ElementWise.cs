using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Kernels;

/// <summary>
/// The drivers that run an element-wise operator over spans: the widest accelerated width for the body, then
/// <see cref="FloatScalar"/> for the tail. The <c>TVec</c> overloads let tests force one width, including scalar.
/// </summary>
/// <remarks>
/// Callers check lengths. Destinations may be the same span as a source (in place) but must not partially overlap it.
/// </remarks>
internal static class ElementWise
{
    /// <summary><c>y[i] = TOp(x[i])</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : IUnaryOperator
    {
        if (FloatVector512.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector512>(x, y);
        }
        else if (FloatVector256.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector256>(x, y);
        }
        else if (FloatVector128.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector128>(x, y);
        }
        else
        {
            Apply<TOp, FloatScalar>(x, y);
        }
    }

    /// <summary><c>z[i] = TOp(x[i], y[i])</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
        where TOp : IBinaryOperator
    {
        if (FloatVector512.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector512>(x, y, z);
        }
        else if (FloatVector256.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector256>(x, y, z);
        }
        else if (FloatVector128.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector128>(x, y, z);
        }
        else
        {
            Apply<TOp, FloatScalar>(x, y, z);
        }
    }

    /// <summary><c>y[i] = TOp(x[i], s)</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, float scalar, Span<float> y)
        where TOp : IScalarUnaryOperator
    {
        if (FloatVector512.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector512>(x, scalar, y);
        }
        else if (FloatVector256.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector256>(x, scalar, y);
        }
        else if (FloatVector128.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector128>(x, scalar, y);
        }
        else
        {
            Apply<TOp, FloatScalar>(x, scalar, y);
        }
    }

    /// <summary><c>z[i] = TOp(x[i], y[i], s)</c>.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float scalar, Span<float> z)
        where TOp : IScalarBinaryOperator
    {
        if (FloatVector512.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector512>(x, y, scalar, z);
        }
        else if (FloatVector256.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector256>(x, y, scalar, z);
        }
        else if (FloatVector128.IsHardwareAccelerated)
        {
            Apply<TOp, FloatVector128>(x, y, scalar, z);
        }
        else
        {
            Apply<TOp, FloatScalar>(x, y, scalar, z);
        }
    }

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : IUnaryOperator
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0, width = (nuint)TVec.Count;
        for (; i + width <= n; i += width)
        {
            TVec.Store(TOp.Invoke(TVec.Load(in xr, i)), ref yr, i);
        }

        for (; i < n; i++)
        {
            FloatScalar.Store(TOp.Invoke(FloatScalar.Load(in xr, i)), ref yr, i);
        }
    }

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
        where TOp : IBinaryOperator
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float zr = ref MemoryMarshal.GetReference(z);
        nuint n = (nuint)x.Length, i = 0, width = (nuint)TVec.Count;
        for (; i + width <= n; i += width)
        {
            TVec.Store(TOp.Invoke(TVec.Load(in xr, i), TVec.Load(in yr, i)), ref zr, i);
        }

        for (; i < n; i++)
        {
            FloatScalar.Store(TOp.Invoke(FloatScalar.Load(in xr, i), FloatScalar.Load(in yr, i)), ref zr, i);
        }
    }

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, float scalar, Span<float> y)
        where TOp : IScalarUnaryOperator
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0, width = (nuint)TVec.Count;
        TVec s = TVec.Create(scalar);
        for (; i + width <= n; i += width)
        {
            TVec.Store(TOp.Invoke(TVec.Load(in xr, i), s), ref yr, i);
        }

        FloatScalar tailScalar = FloatScalar.Create(scalar);
        for (; i < n; i++)
        {
            FloatScalar.Store(TOp.Invoke(FloatScalar.Load(in xr, i), tailScalar), ref yr, i);
        }
    }

    internal static void Apply<TOp, TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float scalar, Span<float> z)
        where TOp : IScalarBinaryOperator
        where TVec : struct, IFloatVector<TVec>
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float zr = ref MemoryMarshal.GetReference(z);
        nuint n = (nuint)x.Length, i = 0, width = (nuint)TVec.Count;
        TVec s = TVec.Create(scalar);
        for (; i + width <= n; i += width)
        {
            TVec.Store(TOp.Invoke(TVec.Load(in xr, i), TVec.Load(in yr, i), s), ref zr, i);
        }

        FloatScalar tailScalar = FloatScalar.Create(scalar);
        for (; i < n; i++)
        {
            FloatScalar.Store(TOp.Invoke(FloatScalar.Load(in xr, i), FloatScalar.Load(in yr, i), tailScalar), ref zr, i);
        }
    }
}
