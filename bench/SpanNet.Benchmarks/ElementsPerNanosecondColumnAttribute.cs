using System;
using BenchmarkDotNet.Attributes;

namespace SpanNet.Benchmarks;

/// <summary>
/// Adds an elements-per-nanosecond column. The size is an <see cref="IElementCount"/> parameter or, for plain vector
/// benchmarks, an <see cref="int"/> length parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ElementsPerNanosecondColumnAttribute : ColumnConfigBaseAttribute
{
    public ElementsPerNanosecondColumnAttribute()
        : base(new ThroughputColumn(
            "Elements/ns",
            "Elements processed per nanosecond of Mean",
            value => value switch
            {
                IElementCount count => count.Elements,
                int length => length,
                _ => null,
            }))
    {
    }
}
