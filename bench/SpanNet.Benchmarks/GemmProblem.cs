using System;
using System.Globalization;

namespace SpanNet.Benchmarks;

/// <summary>C (M × N) = A (M × K) · B (K × N); printed M×K×N, the order the issue states shapes in.</summary>
/// <remarks>
/// Comparable because BenchmarkDotNet sorts parameter values with <see cref="IComparable"/> and otherwise by their
/// text, which would list 1024x1024x1024 before 1x784x100. Ordering by work keeps the report small-to-large.
/// </remarks>
public readonly record struct GemmProblem(int M, int K, int N) : IFlopCount, IComparable<GemmProblem>, IComparable
{
    public double FloatingPointOperations => 2.0 * M * N * K;

    public static bool operator <(GemmProblem left, GemmProblem right) => left.CompareTo(right) < 0;

    public static bool operator >(GemmProblem left, GemmProblem right) => left.CompareTo(right) > 0;

    public static bool operator <=(GemmProblem left, GemmProblem right) => left.CompareTo(right) <= 0;

    public static bool operator >=(GemmProblem left, GemmProblem right) => left.CompareTo(right) >= 0;

    public int CompareTo(GemmProblem other) => (FloatingPointOperations, M, K).CompareTo((other.FloatingPointOperations, other.M, other.K));

    public int CompareTo(object? obj) => obj is GemmProblem other
        ? CompareTo(other)
        : throw new ArgumentException($"Expected a {nameof(GemmProblem)}.", nameof(obj));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{M}x{K}x{N}");
}
