using System.Globalization;

namespace SpanNet.Benchmarks;

/// <summary>C (M × N) = A (M × K) · B (K × N); printed M×K×N, the order the issue states shapes in.</summary>
public readonly record struct GemmProblem(int M, int K, int N) : IFlopCount
{
    public double FloatingPointOperations => 2.0 * M * N * K;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{M}x{K}x{N}");
}
