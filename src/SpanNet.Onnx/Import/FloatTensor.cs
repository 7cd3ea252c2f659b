using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf.Collections;

namespace SpanNet.Onnx.Import;

/// <summary>
/// A float32 initializer whose element count has been checked against its dims and against the data actually present
/// (<c>raw_data</c> bytes or <c>float_data</c> values), read element by element without copying.
/// </summary>
internal sealed class FloatTensor
{
    private readonly ReadOnlyMemory<byte> _raw;
    private readonly RepeatedField<float>? _values;

    public FloatTensor(string name, long[] dims, int count, ReadOnlyMemory<byte> raw, RepeatedField<float>? values)
    {
        Name = name;
        Dims = dims;
        Count = count;
        _raw = raw;
        _values = values;
    }

    public string Name { get; }

    /// <summary>The declared dims, each checked non-negative.</summary>
    public long[] Dims { get; }

    /// <summary>The element count: the product of <see cref="Dims"/>, equal to the data present.</summary>
    public int Count { get; }

    /// <summary>The shape as text for messages, e.g. <c>[100, 784]</c>.</summary>
    public string Shape => "[" + string.Join(", ", Dims) + "]";

    /// <summary>The index of the first element that is not finite once multiplied by <paramref name="scale"/>, or −1.</summary>
    public int FirstNonFinite(float scale)
    {
        if (TryGetSpan(out ReadOnlySpan<float> values))
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(scale * values[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        for (int i = 0; i < Count; i++)
        {
            if (!float.IsFinite(scale * this[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The elements as a float span without copying, when they are <c>raw_data</c> on a little-endian machine (the
    /// bytes then are the floats); false for <c>float_data</c> or a big-endian machine, where the indexer decodes.
    /// </summary>
    public bool TryGetSpan(out ReadOnlySpan<float> values)
    {
        if (_values is null && BitConverter.IsLittleEndian)
        {
            values = MemoryMarshal.Cast<byte, float>(_raw.Span);
            return true;
        }

        values = default;
        return false;
    }

    /// <summary>Element <paramref name="index"/> (row-major), in [0, <see cref="Count"/>).</summary>
    public float this[int index] => _values is null
        ? BinaryPrimitives.ReadSingleLittleEndian(_raw.Span.Slice(index * sizeof(float), sizeof(float)))
        : _values[index];
}
