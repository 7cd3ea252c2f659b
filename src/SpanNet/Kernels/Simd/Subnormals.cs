using System.Runtime.CompilerServices;

namespace SpanNet.Kernels.Simd;

/// <summary>
/// Flushing subnormal floats to zero, by hand. .NET never sets the CPU's flush-to-zero mode, and x86 cores without it
/// take a microcode assist on every subnormal operand or result — 15× to 40× slower updates on Intel when optimizer
/// state decays into the subnormal range, as it does for the weights of MNIST pixels that are seldom lit.
/// </summary>
internal static class Subnormals
{
    /// <summary>The smallest positive normal float, 2⁻¹²⁶ ≈ 1.18e-38.</summary>
    public const float SmallestNormal = 1.17549435e-38f;

    /// <summary>
    /// <paramref name="value"/>, with lanes of magnitude below <see cref="SmallestNormal"/> (subnormals, and −0) made
    /// +0. NaN and ±∞ pass unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec FlushToZero<TVec>(TVec value)
        where TVec : struct, IFloatVector<TVec>
        => TVec.Select(TVec.GreaterThan(TVec.Create(SmallestNormal), TVec.Abs(value)), TVec.Zero, value);
}
