using System;
using SpanNet.Networks;

namespace SpanNet.Training;

/// <summary>
/// Samples with class labels or target rows: the one dataset type the trainer and the evaluator take. It is
/// immutable and checked once, when made (shapes, NaN and ±∞, labels in range), so no training step checks it again.
/// </summary>
/// <remarks>The factories copy what they are given, so the caller's arrays may change afterwards without effect.</remarks>
public sealed class LabeledDataset
{
    private readonly ReadOnlyMemory<float> _features;
    private readonly ReadOnlyMemory<int> _labels;
    private readonly ReadOnlyMemory<float> _targets;

    private LabeledDataset(ReadOnlyMemory<float> features, int featureCount, ReadOnlyMemory<int> labels, ReadOnlyMemory<float> targets, int targetCount, bool hasLabels)
    {
        _features = features;
        _labels = labels;
        _targets = targets;
        FeatureCount = featureCount;
        TargetCount = targetCount;
        HasLabels = hasLabels;
        Count = features.Length / featureCount;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>Classes (with labels) or floats per target row.</summary>
    public int TargetCount { get; }

    /// <summary>Whether the samples have class labels (else target rows).</summary>
    public bool HasLabels { get; }

    /// <summary>[Count, FeatureCount], row-major.</summary>
    public ReadOnlySpan<float> Features => _features.Span;

    /// <summary>One class per sample, each in [0, TargetCount); empty when the samples have target rows.</summary>
    public ReadOnlySpan<int> Labels => _labels.Span;

    /// <summary>[Count, TargetCount]; empty when the samples have labels.</summary>
    public ReadOnlySpan<float> Targets => _targets.Span;

    /// <summary>Copies and checks samples with class labels.</summary>
    /// <param name="features">[samples, featureCount], finite.</param>
    /// <param name="featureCount">Features per sample, at least 1.</param>
    /// <param name="labels">One class per sample, each in [0, classCount).</param>
    /// <param name="classCount">Classes, at least 1.</param>
    /// <exception cref="ArgumentException">The lengths do not match, or a feature is NaN or ±∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive, or a label is out of range.</exception>
    public static LabeledDataset FromLabels(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<int> labels, int classCount)
    {
        CheckLabels(features, featureCount, labels, classCount);
        return new LabeledDataset(features.ToArray(), featureCount, labels.ToArray(), ReadOnlyMemory<float>.Empty, classCount, hasLabels: true);
    }

    private static void CheckLabels(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<int> labels, int classCount)
    {
        Guard.Positive(featureCount);
        Guard.Positive(classCount);
        Guard.Length(features.Length, (long)labels.Length * featureCount, nameof(features));
        InputValidation.Finite(features, nameof(features));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(labels), $"labels[{i}] is {labels[i]}; classes are 0 to {classCount - 1}.");
            }
        }
    }

    /// <summary>
    /// Checks samples with class labels as <see cref="FromLabels"/> does, but keeps the arrays instead of copying them,
    /// for data too large to hold twice: the caller hands them over and must not change them afterwards.
    /// </summary>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The lengths do not match, or a feature is NaN or ±∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive, or a label is out of range.</exception>
    public static LabeledDataset WrapLabels(float[] features, int featureCount, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        CheckLabels(features, featureCount, labels, classCount);
        return new LabeledDataset(features, featureCount, labels, ReadOnlyMemory<float>.Empty, classCount, hasLabels: true);
    }

    /// <summary>
    /// Checks samples with target rows as <see cref="FromTargets"/> does, but keeps the arrays instead of copying them,
    /// for data too large to hold twice: the caller hands them over and must not change them afterwards.
    /// </summary>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The lengths do not match, or a value is NaN or ±∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    public static LabeledDataset WrapTargets(float[] features, int featureCount, float[] targets, int targetCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        CheckTargets(features, featureCount, targets, targetCount);
        return new LabeledDataset(features, featureCount, ReadOnlyMemory<int>.Empty, targets, targetCount, hasLabels: false);
    }

    /// <summary>Copies and checks samples with target rows (regression, or one-hot and soft targets).</summary>
    /// <param name="features">[samples, featureCount], finite.</param>
    /// <param name="featureCount">Features per sample, at least 1.</param>
    /// <param name="targets">[samples, targetCount], finite.</param>
    /// <param name="targetCount">Floats per target row, at least 1.</param>
    /// <exception cref="ArgumentException">The lengths do not match, or a value is NaN or ±∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive.</exception>
    public static LabeledDataset FromTargets(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<float> targets, int targetCount)
    {
        CheckTargets(features, featureCount, targets, targetCount);
        return new LabeledDataset(features.ToArray(), featureCount, ReadOnlyMemory<int>.Empty, targets.ToArray(), targetCount, hasLabels: false);
    }

    private static void CheckTargets(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<float> targets, int targetCount)
    {
        Guard.Positive(featureCount);
        Guard.Positive(targetCount);
        if (features.Length % featureCount != 0)
        {
            ThrowHelper.Argument(nameof(features), $"{features.Length} floats are not a whole number of {featureCount}-feature samples.");
        }

        Guard.Length(targets.Length, (long)(features.Length / featureCount) * targetCount, nameof(targets));
        InputValidation.Finite(features, nameof(features));
        InputValidation.Finite(targets, nameof(targets));
    }

    /// <summary>Samples [start, start + count) as a dataset of their own, sharing this one's storage (no copy, no check).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not within the dataset.</exception>
    public LabeledDataset Slice(int start, int count)
    {
        Guard.NonNegative(start);
        Guard.NonNegative(count);
        if (start > Count - count)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(count), $"samples {start} to {(long)start + count} are not within the {Count} samples.");
        }

        return new LabeledDataset(
            _features.Slice(start * FeatureCount, count * FeatureCount),
            FeatureCount,
            HasLabels ? _labels.Slice(start, count) : ReadOnlyMemory<int>.Empty,
            HasLabels ? ReadOnlyMemory<float>.Empty : _targets.Slice(start * TargetCount, count * TargetCount),
            TargetCount,
            HasLabels);
    }
}
