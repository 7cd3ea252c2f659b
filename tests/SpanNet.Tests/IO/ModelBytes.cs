using System;
using System.Collections.Generic;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SpanNet.Tests.IO;

/// <summary>
/// Writes model-format bytes field by field, as a buggy or hostile writer could, with a valid SHA-256 over whatever
/// was written: the loader must reject impossible contents on their own merits, not by the checksum.
/// </summary>
internal sealed class ModelBytes
{
    private readonly List<(int Kind, int Outputs, int Flags, float Slope)> _layers = [];
    private readonly int _inputs;

    public ModelBytes(int inputs) => _inputs = inputs;

    public int Loss { get; set; } = 1;

    /// <summary>The prediction-output field; by default what the loss implies (probabilities for the fused softmax loss, 1).</summary>
    public int? Prediction { get; set; }

    public ModelBytes Layer(int kind, int outputs, int flags = 0, float slope = 0f)
    {
        _layers.Add((kind, outputs, flags, slope));
        return this;
    }

    /// <summary>The file with <paramref name="count"/> stored in the header and <paramref name="parameters"/> floats written.</summary>
    public byte[] Build(int count, ReadOnlySpan<float> parameters)
    {
        var bytes = new byte[16 + (_layers.Count * 16) + 12 + (parameters.Length * 4) + 32];
        Span<byte> span = bytes;
        "SPNN"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 2);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], _inputs);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], _layers.Count);
        int at = 16;
        foreach ((int kind, int outputs, int flags, float slope) in _layers)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], kind);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], outputs);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], flags);
            BinaryPrimitives.WriteSingleLittleEndian(span[(at + 12)..], slope);
            at += 16;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[at..], Loss);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], Prediction ?? (Loss == 1 ? 2 : 1));
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], count);
        at += 12;
        foreach (float value in parameters)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], value);
            at += 4;
        }

        Rehash(bytes);
        return bytes;
    }

    public byte[] Build(ReadOnlySpan<float> parameters) => Build(parameters.Length, parameters);

    /// <summary>
    /// A version 3 serialization of a network without state, blocks or input schema in the version 2 layout: 16-byte
    /// records (code, outputs, flags, α), no state count, no input-schema length, the checksum recomputed.
    /// </summary>
    public static byte[] AsVersion2(byte[] version3)
    {
        int records = BinaryPrimitives.ReadInt32LittleEndian(version3.AsSpan(12));
        var bytes = new List<byte>(version3.Length);
        bytes.AddRange(version3.AsSpan(0, 16));
        for (int i = 0; i < records; i++)
        {
            bytes.AddRange(version3.AsSpan(16 + (i * 24), 16));
        }

        int trailer = 16 + (records * 24);
        bytes.AddRange(version3.AsSpan(trailer, 12));
        int schemaLengthAt = version3.Length - 32 - 4;
        bytes.AddRange(version3.AsSpan(trailer + 16, schemaLengthAt - trailer - 16));
        bytes.AddRange(version3.AsSpan(schemaLengthAt + 4));
        byte[] result = [.. bytes];
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(4), 2);
        Rehash(result);
        return result;
    }

    /// <summary>Recomputes the trailing SHA-256 over everything before it.</summary>
    public static void Rehash(byte[] bytes)
    {
        if (bytes.Length >= 32)
        {
            SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        }
    }
}
