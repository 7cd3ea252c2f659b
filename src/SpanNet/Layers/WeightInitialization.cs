using System;

namespace SpanNet.Layers;

/// <summary>How layers draw their initial weights from the builder's seeded generator.</summary>
internal static class WeightInitialization
{
    /// <summary>Fills <paramref name="values"/> with normal draws of standard deviation <paramref name="scale"/>.</summary>
    public static void FillNormal(Span<float> values, float scale, Random random)
    {
        // Box–Muller in double: two uniforms give two independent standard normals.
        for (int i = 0; i < values.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2) * scale);
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2) * scale);
            }
        }
    }
}
