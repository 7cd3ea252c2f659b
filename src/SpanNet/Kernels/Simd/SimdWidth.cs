namespace SpanNet.Kernels.Simd;

/// <summary>The SIMD widths SpanNet's kernels run at: every kernel family is written once and runs at any of them.</summary>
public enum SimdWidth
{
    /// <summary>One float at a time: the path with no hardware intrinsics (<c>DOTNET_EnableHWIntrinsic=0</c>).</summary>
    Scalar = 1,

    /// <summary>128-bit vectors, 4 floats (SSE, NEON).</summary>
    Vector128 = 128,

    /// <summary>256-bit vectors, 8 floats (AVX2 with FMA).</summary>
    Vector256 = 256,

    /// <summary>512-bit vectors, 16 floats (AVX-512).</summary>
    Vector512 = 512,
}
