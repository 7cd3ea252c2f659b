using System;
using SpanNet.Memory;
using SpanNet.Threading;

namespace SpanNet.Training;

/// <summary>
/// Deals a dataset out in mini-batches, in a seeded shuffled order per epoch, copying each batch's samples into
/// buffers made once: the trainer's batch gathering, allocation-free after construction.
/// </summary>
/// <remarks>
/// A large batch's input rows are gathered over the worker pool, each thread copying the rows that the first layer's
/// row-split products hand to that same thread (<see cref="PartRange"/> over the batch's rows, as
/// <c>Gemm.MultiplyAddSparseA</c> cuts them). The gather is a random walk through the dataset, bound by memory
/// latency, so two threads fetch it about twice as fast; and each row lands in the cache of the core that reads it
/// next. Done serially it was the largest serial stretch of a two-thread MNIST step, long enough for the worker to
/// park (docs/ARCHITECTURE.md, "Where a two-thread step loses its time").
/// </remarks>
public sealed class BatchSampler : IDisposable
{
    /// <summary>The fewest floats of input a batch must have before its gather is split over threads: 64 KiB.</summary>
    internal const int MinParallelGatherFloats = 1 << 14;

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
        GatherRows(_data.Features, _order.AsSpan(start, count), features, inputs);

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

    /// <summary>
    /// Copies row <c>order[b]</c> of <paramref name="source"/> to row b of <paramref name="destination"/> for every b,
    /// over the worker pool when the batch is large enough to be worth it.
    /// </summary>
    private static unsafe void GatherRows(ReadOnlySpan<float> source, ReadOnlySpan<int> order, int features, Span<float> destination)
    {
        int parts = Math.Clamp(destination.Length / MinParallelGatherFloats, 1, Math.Min(order.Length, Parallelism.Pool.ThreadCount));
        if (parts == 1)
        {
            GatherRows(source, order, features, destination, 0, order.Length);
            return;
        }

        fixed (float* sourcePointer = source, destinationPointer = destination)
        fixed (int* orderPointer = order)
        {
            var job = new GatherJob
            {
                Source = sourcePointer,
                SourceLength = source.Length,
                Order = orderPointer,
                Rows = order.Length,
                Features = features,
                Destination = destinationPointer,
            };
            Parallelism.Pool.Run(ref job, parts);
        }
    }

    /// <summary>Rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of <see cref="GatherRows(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Span{float})"/>.</summary>
    private static void GatherRows(ReadOnlySpan<float> source, ReadOnlySpan<int> order, int features, Span<float> destination, int rowStart, int rowEnd)
    {
        for (int b = rowStart; b < rowEnd; b++)
        {
            source.Slice(order[b] * features, features).CopyTo(destination.Slice(b * features, features));
        }
    }

    /// <summary>One thread's rows of a batch's gather: the rows <see cref="PartRange"/> gives its part.</summary>
    private unsafe struct GatherJob : IParallelJob
    {
        public float* Source;
        public int SourceLength;
        public int* Order;
        public int Rows;
        public int Features;
        public float* Destination;

        public readonly void Execute(int part, int parts)
        {
            (int rowStart, int rowEnd) = PartRange.Of(Rows, 1, part, parts);
            GatherRows(new ReadOnlySpan<float>(Source, SourceLength), new ReadOnlySpan<int>(Order, Rows), Features, new Span<float>(Destination, Rows * Features), rowStart, rowEnd);
        }
    }

    /// <summary>Releases the batch buffers.</summary>
    public void Dispose()
    {
        _inputs.Dispose();
        _targets.Dispose();
    }
}
