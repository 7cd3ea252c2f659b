using System;
using SpanNet.Memory;

namespace SpanNet.Kernels;

/// <summary>
/// The packing panels one <see cref="Gemm"/> call works in (an A block and a B block, 64-byte aligned). Own one per
/// thread to keep GEMM off the shared pool entirely; a network's workspace holds one.
/// </summary>
public sealed class GemmScratch : IDisposable
{
    private readonly AlignedBuffer _packedA;
    private readonly AlignedBuffer _packedB;

    /// <summary>Rents the panels from the shared pool of aligned buffers.</summary>
    public GemmScratch()
        : this(null)
    {
    }

    /// <summary>Rents the panels from <paramref name="pool"/> (the shared pool when <see langword="null"/>).</summary>
    internal GemmScratch(AlignedBufferPool? pool)
    {
        pool ??= AlignedBufferPool.Shared;
        _packedA = pool.Rent(GemmBlocking.PackedALength);
        _packedB = pool.Rent(GemmBlocking.PackedBLength);
    }

    internal Span<float> PackedA => _packedA.Span;

    internal Span<float> PackedB => _packedB.Span;

    /// <summary>Returns the panels to their pool.</summary>
    public void Dispose()
    {
        _packedA.Dispose();
        _packedB.Dispose();
    }
}
