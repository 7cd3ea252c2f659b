using System;
using System.Runtime.CompilerServices;

namespace SpanNet.Data.Tables;

/// <summary>
/// Clinger's fast path for float32: a plain decimal (<c>[+-]digits[.digits][(e|E)[+-]digits]</c>) whose digits form an
/// integer m ≤ 2²⁴ and whose value is m·10^k with |k| ≤ 10 is exactly <c>m * 10^k</c> or <c>m / 10^−k</c> in one
/// float32 operation: m and 10^|k| are both exact in float32, and IEEE multiplication and division round correctly, so
/// the result is the correctly rounded value that float.TryParse returns too. That covers what most tables hold (up to
/// seven significant digits, as <c>%.6g</c> or <c>%.7g</c> writes them) at a few nanoseconds a cell; anything else is
/// refused and left to the general parsers.
/// </summary>
internal static class ShortDecimalParser
{
    /// <summary>The largest mantissa float32 holds exactly: 2²⁴.</summary>
    private const uint MaxExactMantissa = 1u << 24;

    /// <summary>Digits stop being accumulated past this (the mantissa is then too large anyway), so a uint cannot overflow.</summary>
    private const uint MantissaGuard = 100_000_000;

    /// <summary>An exponent with more digits than this is refused (left to the general parsers) before it can overflow an int.</summary>
    private const int ExponentGuard = 1000;

    /// <summary>10⁰ to 10¹⁰, every one exact in float32 (10¹⁰ = 2¹⁰·5¹⁰, and 5¹⁰ &lt; 2²⁴).</summary>
    private static ReadOnlySpan<float> ExactPowersOfTen => [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>Parses <paramref name="text"/> when it is a decimal inside the fast path's range (see the class remarks).</summary>
    /// <returns>False for anything else, which says nothing about whether it is a number.</returns>
    // Optimised from the first call, as BlockCoding.Read is.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, out float value)
    {
        value = 0f;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] is '-' or '+')
        {
            negative = text[i] == '-';
            i++;
        }

        uint mantissa = 0;
        int power = 0;
        int digits = 0;
        for (; i < text.Length && IsDigit(text[i]); i++, digits++)
        {
            if (mantissa >= MantissaGuard)
            {
                return false;
            }

            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && IsDigit(text[i]); i++, digits++, power--)
            {
                if (mantissa >= MantissaGuard)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            bool negativeExponent = false;
            if (i < text.Length && text[i] is '-' or '+')
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            int exponent = 0;
            int exponentDigits = 0;
            for (; i < text.Length && IsDigit(text[i]); i++, exponentDigits++)
            {
                if (exponent >= ExponentGuard)
                {
                    return false;
                }

                exponent = (exponent * 10) + (text[i] - '0');
            }

            if (exponentDigits == 0)
            {
                return false;
            }

            power += negativeExponent ? -exponent : exponent;
        }

        if (i != text.Length || mantissa > MaxExactMantissa || power < -(ExactPowersOfTen.Length - 1) || power > ExactPowersOfTen.Length - 1)
        {
            return false;
        }

        float exact = mantissa;
        float magnitude = power < 0 ? exact / ExactPowersOfTen[-power] : exact * ExactPowersOfTen[power];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;
}
