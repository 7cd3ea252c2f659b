using System;
using System.Buffers.Binary;

namespace SpanNet.Tests.Fuzz;

/// <summary>
/// Deterministic byte-level mutations in the manner of AFL's havoc stage: bit flips, interesting bytes and 32-bit
/// integers (both byte orders, since the formats mix them), arithmetic nudges, block copies, insertions, deletions and
/// truncation, one to four per mutant. The same seed gives the same mutants.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly byte[] InterestingBytes = [0, 1, 0x7F, 0x80, 0xFF, 8, 16, 28];

    private static readonly int[] InterestingInts =
    [
        0, 1, -1, 2, 3, 7, 16, 28, 255, 256, 784, 1000, 4096, 8192, 8193, 16384, 65535, 65536, 46340,
        1 << 20, (1 << 20) + 1, 1 << 22, 1 << 24, 1 << 28, int.MaxValue, int.MinValue, 0x7FFFFFF0,
    ];

    private readonly Random _random = new(seed);

    /// <summary>
    /// A mutant of <paramref name="original"/>; only bytes in [<paramref name="start"/>, <paramref name="end"/>) are
    /// changed (the rest is kept as is, e.g. a checksum the caller recomputes), though the region may grow or shrink.
    /// </summary>
    public byte[] Mutate(byte[] original, int start = 0, int end = -1)
    {
        if (end < 0)
        {
            end = original.Length;
        }

        byte[] head = original[..start], region = original[start..end], tail = original[end..];
        int rounds = 1 + _random.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            region = MutateOnce(region);
        }

        return [.. head, .. region, .. tail];
    }

    private byte[] MutateOnce(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return [(byte)_random.Next(256)];
        }

        int at = _random.Next(bytes.Length);
        byte[] copy = (byte[])bytes.Clone();
        switch (_random.Next(10))
        {
            case 0:
                copy[at] ^= (byte)(1 << _random.Next(8));
                return copy;
            case 1:
                copy[at] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                return copy;
            case 2:
                copy[at] = (byte)(copy[at] + _random.Next(-16, 17));
                return copy;
            case 3 when copy.Length >= 4:
                WriteInt(copy, _random.Next(copy.Length - 3), InterestingInts[_random.Next(InterestingInts.Length)]);
                return copy;
            case 4:
                copy[at] = (byte)_random.Next(256);
                return copy;
            case 5:
                return bytes[.._random.Next(bytes.Length)];
            case 6:
            {
                int length = Math.Min(1 + _random.Next(16), bytes.Length - at);
                return [.. bytes[..at], .. bytes[(at + length)..]];
            }

            case 7:
            {
                byte[] inserted = new byte[1 + _random.Next(8)];
                _random.NextBytes(inserted);
                return [.. bytes[..at], .. inserted, .. bytes[at..]];
            }

            case 8:
            {
                int from = _random.Next(bytes.Length);
                int length = Math.Min(1 + _random.Next(32), Math.Min(bytes.Length - from, bytes.Length - at));
                bytes.AsSpan(from, length).CopyTo(copy.AsSpan(at));
                return copy;
            }

            default:
                return [.. bytes, .. bytes[at..Math.Min(bytes.Length, at + 1 + _random.Next(16))]];
        }
    }

    private void WriteInt(byte[] bytes, int at, int value)
    {
        if (_random.Next(2) == 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), value);
        }
    }
}
