using System;

namespace SpanNet.Kernels.LowPrecision;

/// <summary>
/// bfloat16: a float's sign, its 8 exponent bits and the top 7 of its 23 fraction bits, so widening one back is a
/// 16-bit shift and its range is a float's. Weights stored this way take half the bytes of fp32.
/// </summary>
internal static class BFloat16
{
    /// <summary>The largest finite bfloat16, 0x7F7F (about 3.39 × 10³⁸).</summary>
    private const ushort MaxFinite = 0x7F7F;

    /// <summary>
    /// <paramref name="value"/> rounded to the nearest bfloat16, ties to even; a finite value too large for bfloat16
    /// becomes the largest finite one of its sign rather than ±∞, and NaN stays a (quiet) NaN.
    /// </summary>
    public static ushort FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        uint rounded = bits + 0x7FFF + ((bits >> 16) & 1);
        var result = (ushort)(rounded >> 16);
        if (float.IsFinite(value) && (result & 0x7F80) == 0x7F80)
        {
            result = (ushort)((result & 0x8000) | MaxFinite);
        }

        return result;
    }

    /// <summary>The float whose high 16 bits are <paramref name="value"/>: exact.</summary>
    public static float ToSingle(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);
}
