using System;
using BenchmarkDotNet.Attributes;

namespace SpanNet.Benchmarks;

/// <summary>Adds a GFLOP/s column (flops per nanosecond) taken from an <see cref="IFlopCount"/> parameter.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GflopsColumnAttribute : ColumnConfigBaseAttribute
{
    public GflopsColumnAttribute()
        : base(new ThroughputColumn(
            "GFLOP/s",
            "Floating-point operations per nanosecond of Mean (2·M·N·K for GEMM; 2 per FMA lane for the peak loop)",
            value => value is IFlopCount flops ? flops.FloatingPointOperations : null))
    {
    }
}
