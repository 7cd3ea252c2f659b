using System;

namespace SpanNet.IO;

/// <summary>
/// The CRC-32 of gzip, PNG and zip (ISO-HDLC: reflected polynomial 0xEDB88320, initial value and final XOR
/// 0xFFFFFFFF), table-driven, kept here because the core library takes no package (System.IO.Hashing is one). The IDX
/// reader checks gzip trailers with it and the CLI's PNG decoder its chunks.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    /// <summary>The CRC before any byte; pass it to <see cref="Append"/> and the result to <see cref="Finish"/>.</summary>
    public const uint Initial = uint.MaxValue;

    /// <summary>Extends a running CRC (from <see cref="Initial"/>) over <paramref name="bytes"/>.</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            running = Table[(running ^ b) & 0xFF] ^ (running >> 8);
        }

        return running;
    }

    /// <summary>The CRC of everything appended.</summary>
    public static uint Finish(uint running) => ~running;

    /// <summary>The CRC of <paramref name="bytes"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes) => Finish(Append(Initial, bytes));

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
