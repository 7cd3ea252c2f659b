using System;
using SpanNet.Memory;

namespace SpanNet.Training;

/// <summary>
/// Deals a dataset out in mini-batches, in a seeded shuffled order per epoch, copying each batch's samples into
/// buffers made once: the trainer's batch gathering, allocation-free after construction.
/// </summary>
public sealed class BatchSampler : IDisposable
{
    private readonly LabeledDataset _data;
    private readonly int[] _order;
    private readonly Random _random;
    private readonly bool _shuffle;
    private readonly AlignedBuffer _inputs;
    private readonly AlignedBuffer _targets;
    private readonly int[] _labels;
    private int _next;

    /// <summary>Makes a sampler over <paramref name="data"/> in batches of <paramref name="batchSize"/>.</summary>
    /// <param name="data">The samples.</param>
    /// <param name="batchSize">Samples per batch, at least 1 (a smaller dataset gives one short batch).</param>
    /// <param name="shuffle">Whether each epoch visits the samples in a new random order.</param>
    /// <param name="seed">The seed of the order.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public BatchSampler(LabeledDataset data, int batchSize, bool shuffle, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.Positive(batchSize);
        _data = data;
        _shuffle = shuffle;
        _random = new Random(seed);
        _order = new int[data.Count];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        BatchSize = Math.Min(batchSize, Math.Max(data.Count, 1));
        BatchCount = (data.Count + BatchSize - 1) / BatchSize;
        _inputs = new AlignedBuffer(checked(BatchSize * data.FeatureCount));
        _targets = new AlignedBuffer(data.HasLabels ? 0 : checked(BatchSize * data.TargetCount));
        _labels = new int[data.HasLabels ? BatchSize : 0];
    }

    /// <summary>Samples per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>Starts an epoch: reshuffles the order (if shuffling) and deals from its start.</summary>
    public void BeginEpoch()
    {
        if (_shuffle)
        {
            _random.Shuffle(_order);
        }

        _next = 0;
    }

    /// <summary>Gathers the epoch's next batch.</summary>
    /// <exception cref="InvalidOperationException">The epoch's <see cref="BatchCount"/> batches were all dealt.</exception>
    public Batch Next()
    {
        int start = _next * BatchSize;
        if (_next >= BatchCount)
        {
            ThrowHelper.InvalidOperation($"All {BatchCount} batches of this epoch were dealt; call BeginEpoch for the next.");
        }

        _next++;
        int count = Math.Min(BatchSize, _data.Count - start);
        int features = _data.FeatureCount;
        Span<float> inputs = _inputs.Span[..(count * features)];
        ReadOnlySpan<float> allFeatures = _data.Features;
        for (int b = 0; b < count; b++)
        {
            allFeatures.Slice(_order[start + b] * features, features).CopyTo(inputs.Slice(b * features, features));
        }

        if (_data.HasLabels)
        {
            Span<int> labels = _labels.AsSpan(0, count);
            ReadOnlySpan<int> allLabels = _data.Labels;
            for (int b = 0; b < count; b++)
            {
                labels[b] = allLabels[_order[start + b]];
            }

            return new Batch(inputs, labels, default, count);
        }

        int width = _data.TargetCount;
        Span<float> targets = _targets.Span[..(count * width)];
        ReadOnlySpan<float> allTargets = _data.Targets;
        for (int b = 0; b < count; b++)
        {
            allTargets.Slice(_order[start + b] * width, width).CopyTo(targets.Slice(b * width, width));
        }

        return new Batch(inputs, default, targets, count);
    }

    /// <summary>Releases the batch buffers.</summary>
    public void Dispose()
    {
        _inputs.Dispose();
        _targets.Dispose();
    }
}
