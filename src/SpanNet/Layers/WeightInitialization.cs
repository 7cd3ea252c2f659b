using System;

namespace SpanNet.Layers;

/// <summary>How layers draw their initial weights from the builder's seeded generator.</summary>
internal static class WeightInitialization
{
    /// <summary>Whether <paramref name="scheme"/> is a named value.</summary>
    public static bool IsDefined(WeightInit scheme) => scheme is WeightInit.HeNormal or WeightInit.Uniform;

    /// <summary>
    /// Fills a dense layer's <paramref name="weights"/> and <paramref name="biases"/> (empty when it has none) by
    /// <paramref name="scheme"/>: <paramref name="normalScale"/> is the standard deviation of <see cref="WeightInit.HeNormal"/>;
    /// <see cref="WeightInit.Uniform"/> takes its bound from <paramref name="fanIn"/>. Weights are drawn first, then biases.
    /// </summary>
    public static void FillDense(WeightInit scheme, Span<float> weights, Span<float> biases, int fanIn, float normalScale, Random random)
    {
        if (scheme == WeightInit.Uniform)
        {
            double bound = 1.0 / Math.Sqrt(fanIn);
            FillUniform(weights, bound, random);
            FillUniform(biases, bound, random);
        }
        else
        {
            FillNormal(weights, normalScale, random);
            biases.Clear();
        }
    }

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

    /// <summary>Fills <paramref name="values"/> with uniform draws on [−<paramref name="bound"/>, +<paramref name="bound"/>).</summary>
    public static void FillUniform(Span<float> values, double bound, Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            // Computed in double and rounded once; a draw just below +bound may round to the float nearest it.
            values[i] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
        }
    }
}
