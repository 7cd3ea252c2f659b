using System;
using SpanNet.Networks;

namespace SpanNet.Training;

/// <summary>
/// Samples in memory: features [count, featureCount] row-major, and for each sample either a class label or a row of
/// target values. The arrays are borrowed, not copied; they are checked (shapes, finiteness, label range) once here.
/// </summary>
public sealed class LabeledDataset
{
    private LabeledDataset(float[] features, int featureCount, int[]? labels, float[]? targets, int targetCount)
    {
        Features = features;
        FeatureCount = featureCount;
        Labels = labels;
        Targets = targets;
        TargetCount = targetCount;
        Count = featureCount == 0 ? 0 : features.Length / featureCount;
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>Classes (for labels) or target values per sample.</summary>
    public int TargetCount { get; }

    /// <summary>[Count, FeatureCount] row-major.</summary>
    public float[] Features { get; }

    /// <summary>One class per sample, or <see langword="null"/> when the targets are rows.</summary>
    public int[]? Labels { get; }

    /// <summary>[Count, TargetCount] target rows, or <see langword="null"/> when the targets are labels.</summary>
    public float[]? Targets { get; }

    /// <summary>Samples with class labels in [0, <paramref name="classCount"/>).</summary>
    /// <exception cref="ArgumentException">The shapes disagree, a feature is not finite, or a label is out of range.</exception>
    public static LabeledDataset FromLabels(float[] features, int featureCount, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
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

        return new LabeledDataset(features, featureCount, labels, null, classCount);
    }

    /// <summary>Samples with target rows of <paramref name="targetCount"/> values.</summary>
    /// <exception cref="ArgumentException">The shapes disagree or a value is not finite.</exception>
    public static LabeledDataset FromTargets(float[] features, int featureCount, float[] targets, int targetCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        Guard.Positive(featureCount);
        Guard.Positive(targetCount);
        if (features.Length % featureCount != 0)
        {
            ThrowHelper.Argument(nameof(features), $"{features.Length} floats are not a whole number of {featureCount}-feature samples.");
        }

        Guard.Length(targets.Length, (long)(features.Length / featureCount) * targetCount, nameof(targets));
        InputValidation.Finite(features, nameof(features));
        InputValidation.Finite(targets, nameof(targets));
        return new LabeledDataset(features, featureCount, null, targets, targetCount);
    }

    /// <summary>Copies the samples <paramref name="order"/>[start..start+batch) into the workspace's batch areas.</summary>
    internal void Gather(ReadOnlySpan<int> order, int start, int batch, Span<float> features, Span<float> targets, Span<int> labels)
    {
        for (int b = 0; b < batch; b++)
        {
            int sample = order[start + b];
            Features.AsSpan(sample * FeatureCount, FeatureCount).CopyTo(features.Slice(b * FeatureCount, FeatureCount));
            if (Labels is not null)
            {
                labels[b] = Labels[sample];
            }
            else
            {
                Targets.AsSpan(sample * TargetCount, TargetCount).CopyTo(targets.Slice(b * TargetCount, TargetCount));
            }
        }
    }
}
