using System;
using System.Numerics;
using System.Threading;

namespace SpanNet.Memory;

/// <summary>
/// A thread-safe pool of <see cref="AlignedBuffer"/>s, bucketed by power-of-two capacity.
/// Renting a size that was rented and returned before allocates nothing.
/// </summary>
/// <remarks>
/// This is the one piece of shared state in SpanNet, in the same role as <c>ArrayPool&lt;T&gt;.Shared</c>:
/// GEMM packing panels for callers that bring no workspace come from <see cref="Shared"/>.
/// Each bucket keeps a bounded stack, so a burst of rentals cannot pin memory forever.
/// </remarks>
internal sealed class AlignedBufferPool
{
    private const int MinimumBucketBits = 6;     // 64 floats; smaller requests share this bucket
    private const int BucketCount = 31 - MinimumBucketBits + 1;
    private const int BuffersPerBucket = 16;

    private readonly Bucket[] _buckets;

    /// <summary>Creates an empty pool.</summary>
    public AlignedBufferPool()
    {
        _buckets = new Bucket[BucketCount];
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket();
        }
    }

    /// <summary>The process-wide pool.</summary>
    public static AlignedBufferPool Shared { get; } = new();

    /// <summary>Rents a buffer of exactly <paramref name="length"/> usable floats. Its contents are unspecified.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or above 2³⁰.</exception>
    public AlignedBuffer Rent(int length)
    {
        Guard.NonNegative(length);
        if (length > 1 << 30)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(length), $"length {length} is above the pool's largest bucket (2^30 floats).");
        }

        int bucketIndex = BucketIndex(length);
        AlignedBuffer buffer = _buckets[bucketIndex].TryPop() ?? new AlignedBuffer(1 << (bucketIndex + MinimumBucketBits), this);
        buffer.MarkRented(length);
        return buffer;
    }

    internal void Return(AlignedBuffer buffer) => _buckets[BucketIndex(buffer.Capacity)].TryPush(buffer);

    private static int BucketIndex(int length)
    {
        int bits = length <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(length - 1));
        return Math.Max(bits, MinimumBucketBits) - MinimumBucketBits;
    }

    private sealed class Bucket
    {
        private readonly AlignedBuffer?[] _items = new AlignedBuffer?[BuffersPerBucket];
        private int _count;
        private SpinLock _lock = new(enableThreadOwnerTracking: false);

        public AlignedBuffer? TryPop()
        {
            bool taken = false;
            try
            {
                _lock.Enter(ref taken);
                if (_count == 0)
                {
                    return null;
                }

                AlignedBuffer? item = _items[--_count];
                _items[_count] = null;
                return item;
            }
            finally
            {
                if (taken)
                {
                    _lock.Exit(useMemoryBarrier: false);
                }
            }
        }

        public void TryPush(AlignedBuffer buffer)
        {
            bool taken = false;
            try
            {
                _lock.Enter(ref taken);
                if (_count < _items.Length)
                {
                    _items[_count++] = buffer;
                }
            }
            finally
            {
                if (taken)
                {
                    _lock.Exit(useMemoryBarrier: false);
                }
            }
        }
    }
}
