using System;

namespace SpanNet.Threading;

/// <summary>
/// A span's pointer and length, for carrying a span pinned by the caller (<c>fixed</c>) into an
/// <see cref="IParallelJob"/>: a struct the workers read through a pointer cannot hold a <see cref="Span{T}"/>.
/// </summary>
internal readonly unsafe struct PinnedSpan(float* pointer, int length)
{
    private readonly float* _pointer = pointer;

    public int Length { get; } = length;

    public Span<float> Span => new(_pointer, Length);
}
