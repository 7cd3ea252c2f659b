using System;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// Inputs that reach every branch of the activations: the working range, the saturated tails, magnitudes up to 1e4,
/// tiny and subnormal values, ±0, and the exact points where a piecewise function changes form.
/// </summary>
internal static class WideValues
{
    /// <summary>Exact points where a kernel changes form (±3 for the hard functions, 0 and 6 for ReLU6, 20 for softplus).</summary>
    private static readonly float[] Edges =
        [0f, -0f, 3f, -3f, 6f, -6f, 20f, -20f, 2.9999998f, 3.0000002f, -2.9999998f, -3.0000002f, 1e-45f, -1e-45f, 1.1754942e-38f];

    /// <summary>A deterministic mixture, a fifth each: uniform in [−8, 8], uniform in [−30, 30], ±10^u for u uniform in
    /// [−45, 4] (tiny and subnormal up to 1e4), uniform in [−1e4, 1e4], and the edge points.</summary>
    public static float[] Mixed(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            double u = random.NextDouble();
            double sign = random.Next(2) == 0 ? -1 : 1;
            values[i] = random.Next(5) switch
            {
                0 => (float)(((u * 2) - 1) * 8),
                1 => (float)(((u * 2) - 1) * 30),
                2 => (float)(sign * Math.Pow(10, -45 + (49 * u))),
                3 => (float)(((u * 2) - 1) * 1e4),
                _ => Edges[random.Next(Edges.Length)],
            };
        }

        return values;
    }
}
