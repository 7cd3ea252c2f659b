using System;
using System.Collections.Generic;
using SpanNet.Kernels;
using SpanNet.Kernels.Operators;
using SpanNet.Kernels.Simd;

namespace SpanNet.Tests.Kernels;

/// <summary>A SIMD width a test forces, so one process checks every width this CPU runs plus the scalar path.</summary>
public enum KernelWidth
{
    Scalar,
    Vector128,
    Vector256,
    Vector512,
}

/// <summary>Dispatches the internal width-generic kernels to one forced width.</summary>
internal static class Widths
{
    /// <summary>Every width accelerated here, and always the scalar one.</summary>
    public static IReadOnlyList<KernelWidth> Available { get; } = FindAvailable();

    public static void Apply<TOp>(KernelWidth width, ReadOnlySpan<float> x, Span<float> y)
        where TOp : IUnaryOperator
    {
        switch (width)
        {
            case KernelWidth.Vector512: ElementWise.Apply<TOp, FloatVector512>(x, y); break;
            case KernelWidth.Vector256: ElementWise.Apply<TOp, FloatVector256>(x, y); break;
            case KernelWidth.Vector128: ElementWise.Apply<TOp, FloatVector128>(x, y); break;
            default: ElementWise.Apply<TOp, FloatScalar>(x, y); break;
        }
    }

    public static void Apply<TOp>(KernelWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
        where TOp : IBinaryOperator
    {
        switch (width)
        {
            case KernelWidth.Vector512: ElementWise.Apply<TOp, FloatVector512>(x, y, z); break;
            case KernelWidth.Vector256: ElementWise.Apply<TOp, FloatVector256>(x, y, z); break;
            case KernelWidth.Vector128: ElementWise.Apply<TOp, FloatVector128>(x, y, z); break;
            default: ElementWise.Apply<TOp, FloatScalar>(x, y, z); break;
        }
    }

    public static void Apply<TOp>(KernelWidth width, ReadOnlySpan<float> x, float scalar, Span<float> y)
        where TOp : IScalarUnaryOperator
    {
        switch (width)
        {
            case KernelWidth.Vector512: ElementWise.Apply<TOp, FloatVector512>(x, scalar, y); break;
            case KernelWidth.Vector256: ElementWise.Apply<TOp, FloatVector256>(x, scalar, y); break;
            case KernelWidth.Vector128: ElementWise.Apply<TOp, FloatVector128>(x, scalar, y); break;
            default: ElementWise.Apply<TOp, FloatScalar>(x, scalar, y); break;
        }
    }

    public static void Apply<TOp>(KernelWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> y, float scalar, Span<float> z)
        where TOp : IScalarBinaryOperator
    {
        switch (width)
        {
            case KernelWidth.Vector512: ElementWise.Apply<TOp, FloatVector512>(x, y, scalar, z); break;
            case KernelWidth.Vector256: ElementWise.Apply<TOp, FloatVector256>(x, y, scalar, z); break;
            case KernelWidth.Vector128: ElementWise.Apply<TOp, FloatVector128>(x, y, scalar, z); break;
            default: ElementWise.Apply<TOp, FloatScalar>(x, y, scalar, z); break;
        }
    }

    public static float Aggregate<TOp>(KernelWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TOp : IAggregationOperator
        => width switch
        {
            KernelWidth.Vector512 => SpanNet.Kernels.Aggregate.Run<TOp, FloatVector512>(x, y),
            KernelWidth.Vector256 => SpanNet.Kernels.Aggregate.Run<TOp, FloatVector256>(x, y),
            KernelWidth.Vector128 => SpanNet.Kernels.Aggregate.Run<TOp, FloatVector128>(x, y),
            _ => SpanNet.Kernels.Aggregate.Run<TOp, FloatScalar>(x, y),
        };

    public static void Update<TOp>(KernelWidth width, TOp update, Span<float> w, ReadOnlySpan<float> g, Span<float> s1, Span<float> s2)
        where TOp : struct, IParameterUpdateOperator
    {
        switch (width)
        {
            case KernelWidth.Vector512: ParameterUpdate.Run<TOp, FloatVector512>(update, w, g, s1, s2); break;
            case KernelWidth.Vector256: ParameterUpdate.Run<TOp, FloatVector256>(update, w, g, s1, s2); break;
            case KernelWidth.Vector128: ParameterUpdate.Run<TOp, FloatVector128>(update, w, g, s1, s2); break;
            default: ParameterUpdate.Run<TOp, FloatScalar>(update, w, g, s1, s2); break;
        }
    }

    public static void Gemm(KernelWidth width, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, in GemmShape shape, float alpha, float beta, GemmScratch scratch)
    {
        switch (width)
        {
            case KernelWidth.Vector512: SpanNet.Kernels.Gemm.Multiply<FloatVector512>(a, b, c, in shape, alpha, beta, scratch.PackedA, scratch.PackedB); break;
            case KernelWidth.Vector256: SpanNet.Kernels.Gemm.Multiply<FloatVector256>(a, b, c, in shape, alpha, beta, scratch.PackedA, scratch.PackedB); break;
            case KernelWidth.Vector128: SpanNet.Kernels.Gemm.Multiply<FloatVector128>(a, b, c, in shape, alpha, beta, scratch.PackedA, scratch.PackedB); break;
            default: SpanNet.Kernels.Gemm.Multiply<FloatScalar>(a, b, c, in shape, alpha, beta, scratch.PackedA, scratch.PackedB); break;
        }
    }

    public static void SparseAffine(KernelWidth width, ReadOnlySpan<float> x, ReadOnlySpan<float> weights, int stride, ReadOnlySpan<float> bias, Span<float> y)
    {
        switch (width)
        {
            case KernelWidth.Vector512: SparseGemv.Affine<FloatVector512>(x, weights, stride, bias, y); break;
            case KernelWidth.Vector256: SparseGemv.Affine<FloatVector256>(x, weights, stride, bias, y); break;
            case KernelWidth.Vector128: SparseGemv.Affine<FloatVector128>(x, weights, stride, bias, y); break;
            default: SparseGemv.Affine<FloatScalar>(x, weights, stride, bias, y); break;
        }
    }

    public static void GemmSparseA(KernelWidth width, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, MatrixOperation opA, float beta)
    {
        switch (width)
        {
            case KernelWidth.Vector512: SpanNet.Kernels.Gemm.MultiplySparseA<FloatVector512>(a, b, c, m, n, k, opA, beta); break;
            case KernelWidth.Vector256: SpanNet.Kernels.Gemm.MultiplySparseA<FloatVector256>(a, b, c, m, n, k, opA, beta); break;
            case KernelWidth.Vector128: SpanNet.Kernels.Gemm.MultiplySparseA<FloatVector128>(a, b, c, m, n, k, opA, beta); break;
            default: SpanNet.Kernels.Gemm.MultiplySparseA<FloatScalar>(a, b, c, m, n, k, opA, beta); break;
        }
    }

    private static List<KernelWidth> FindAvailable()
    {
        var widths = new List<KernelWidth> { KernelWidth.Scalar };
        if (FloatVector128.IsHardwareAccelerated)
        {
            widths.Add(KernelWidth.Vector128);
        }

        if (FloatVector256.IsHardwareAccelerated)
        {
            widths.Add(KernelWidth.Vector256);
        }

        if (FloatVector512.IsHardwareAccelerated)
        {
            widths.Add(KernelWidth.Vector512);
        }

        return widths;
    }
}
