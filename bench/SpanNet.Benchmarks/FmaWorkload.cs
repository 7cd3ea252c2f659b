using System.Globalization;
using System.Runtime.Intrinsics;

namespace SpanNet.Benchmarks;

/// <summary>The peak loop's size: each iteration issues one Vector512 FMA per chain, 2 flops per float lane.</summary>
public readonly record struct FmaWorkload(int Iterations) : IFlopCount
{
    public const int Chains = 12;

    public double FloatingPointOperations => 2.0 * Iterations * Chains * Vector512<float>.Count;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Iterations}x{Chains}");
}
