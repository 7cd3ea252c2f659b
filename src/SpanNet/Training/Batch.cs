using System;

namespace SpanNet.Training;

/// <summary>One mini-batch as <see cref="BatchSampler.Next"/> gathered it: views of the sampler's buffers until its next call.</summary>
public readonly ref struct Batch
{
    internal Batch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, int count)
    {
        Inputs = inputs;
        Labels = labels;
        Targets = targets;
        Count = count;
    }

    /// <summary>[Count, features].</summary>
    public ReadOnlySpan<float> Inputs { get; }

    /// <summary>One class per sample; empty for a dataset of target rows.</summary>
    public ReadOnlySpan<int> Labels { get; }

    /// <summary>[Count, targets]; empty for a dataset of labels.</summary>
    public ReadOnlySpan<float> Targets { get; }

    /// <summary>Samples in this batch (the last batch of an epoch may be short).</summary>
    public int Count { get; }
}
