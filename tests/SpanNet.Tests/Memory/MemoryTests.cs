using System;
using System.Runtime.CompilerServices;
using SpanNet.Memory;
using Xunit;

namespace SpanNet.Tests.Memory;

public class MemoryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(100_000)]
    public unsafe void Rented_buffers_start_on_a_64_byte_boundary_and_have_the_requested_length(int length)
    {
        var pool = new AlignedBufferPool();
        using AlignedBuffer buffer = pool.Rent(length);
        Assert.Equal(length, buffer.Length);
        Assert.Equal(length, buffer.Span.Length);
        Assert.Equal(0, (long)Unsafe.AsPointer(ref buffer.Span.GetPinnableReference()) % 64);
    }

    [Fact]
    public void A_returned_buffer_is_rented_again_and_a_disposed_one_cannot_be_used()
    {
        var pool = new AlignedBufferPool();
        AlignedBuffer first = pool.Rent(1000);
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Span.Length);
        AlignedBuffer second = pool.Rent(900);
        Assert.Same(first, second);
        Assert.Equal(900, second.Span.Length);
    }

    [Fact]
    public void Bad_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedBufferPool.Shared.Rent(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(-5));
    }

    [Fact]
    public void Matrix_views_check_their_shape_once_and_bound_every_access()
    {
        float[] data = new float[11];
        var view = new MatrixView(data, 3, 3, rowStride: 4);
        view[2, 2] = 5f;
        Assert.Equal(5f, data[10]);
        Assert.Equal(3, view.Row(1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView(data, 3, 3, 4)[0, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView(data, 3, 3, 4).Row(3));
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => new MatrixView(data, 3, 4, 4)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MatrixView(data, 3, 3, rowStride: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadOnlyMatrixView(data, -1, 3));
    }
}
