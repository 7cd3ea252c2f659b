using System;

namespace SpanNet.Tests.Kernels;

/// <summary>Deterministic test data from a seed.</summary>
internal static class RandomValues
{
    /// <summary>Uniform floats in [−scale, scale).</summary>
    public static float[] Uniform(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return values;
    }

    /// <summary>Uniform floats in (0, 1), never exactly 0 or 1.</summary>
    public static float[] Probabilities(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 0.98) + 0.01);
        }

        return values;
    }

    /// <summary>One-hot rows and the matching labels.</summary>
    public static (float[] OneHot, int[] Labels) Classes(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var oneHot = new float[rows * columns];
        var labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            labels[i] = random.Next(columns);
            oneHot[(i * columns) + labels[i]] = 1f;
        }

        return (oneHot, labels);
    }
}
