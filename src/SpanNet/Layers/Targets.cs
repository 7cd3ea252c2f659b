using System;

namespace SpanNet.Layers;

/// <summary>What a batch is scored against: target rows (one-hot or real-valued) or class indices.</summary>
internal readonly ref struct Targets
{
    private Targets(ReadOnlySpan<float> values, ReadOnlySpan<int> labels, bool isLabels)
    {
        Values = values;
        Labels = labels;
        IsLabels = isLabels;
    }

    public ReadOnlySpan<float> Values { get; }

    public ReadOnlySpan<int> Labels { get; }

    public bool IsLabels { get; }

    public static Targets FromValues(ReadOnlySpan<float> values) => new(values, default, isLabels: false);

    public static Targets FromLabels(ReadOnlySpan<int> labels) => new(default, labels, isLabels: true);
}
