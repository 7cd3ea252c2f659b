using System.Globalization;

namespace SpanNet.Benchmarks;

/// <summary>A row-major batch of softmax rows.</summary>
public readonly record struct SoftmaxShape(int Rows, int Columns) : IElementCount
{
    public long Elements => (long)Rows * Columns;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rows}x{Columns}");
}
