using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpanNet.Memory;

/// <summary>
/// A float buffer whose first element sits on a 64-byte boundary (one cache line, one <c>Vector512</c>).
/// Rented from an <see cref="AlignedBufferPool"/>; <see cref="Dispose"/> gives it back.
/// </summary>
/// <remarks>
/// The storage is a pinned array on the pinned object heap, so the alignment found once stays valid for the
/// buffer's life and no <c>fixed</c> or native free is needed. The usable region is <see cref="Length"/> floats;
/// the array behind it is larger by the alignment slack.
/// </remarks>
public sealed class AlignedBuffer : IDisposable
{
    /// <summary>The alignment of <see cref="Span"/>'s first element, in bytes.</summary>
    public const int AlignmentBytes = 64;

    private const int AlignmentFloats = AlignmentBytes / sizeof(float);

    private readonly float[] _storage;
    private readonly int _offset;
    private readonly AlignedBufferPool? _owner;
    private int _length;
    private bool _rented;

    internal AlignedBuffer(int capacity, AlignedBufferPool? owner)
    {
        _storage = GC.AllocateArray<float>(capacity + AlignmentFloats, pinned: true);
        _offset = MisalignmentToFloats(_storage);
        Capacity = capacity;
        _owner = owner;
    }

    /// <summary>Allocates an unpooled buffer of <paramref name="length"/> zeroed floats.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public AlignedBuffer(int length)
        : this(CheckedLength(length), owner: null)
    {
        _length = length;
        _rented = true;
    }

    /// <summary>The number of usable floats.</summary>
    public int Length => _length;

    /// <summary>The number of floats this buffer can hold when rented again.</summary>
    public int Capacity { get; }

    /// <summary>The usable floats, starting on a 64-byte boundary.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was returned to its pool.</exception>
    public Span<float> Span
    {
        get
        {
            if (!_rented)
            {
                ThrowHelper.ObjectDisposed(nameof(AlignedBuffer));
            }

            return new Span<float>(_storage, _offset, _length);
        }
    }

    /// <summary>Returns the buffer to the pool it came from; further use of <see cref="Span"/> throws.</summary>
    public void Dispose()
    {
        if (!_rented)
        {
            return;
        }

        _rented = false;
        _owner?.Return(this);
    }

    internal void MarkRented(int length)
    {
        _length = length;
        _rented = true;
    }

    private static int CheckedLength(int length)
    {
        Guard.NonNegative(length);
        return length;
    }

    private static unsafe int MisalignmentToFloats(float[] storage)
    {
        // Pinned, so the address read here is the address for the array's whole life.
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
        int misalignedBytes = (int)(address & (AlignmentBytes - 1));
        return misalignedBytes == 0 ? 0 : (AlignmentBytes - misalignedBytes) / sizeof(float);
    }
}
