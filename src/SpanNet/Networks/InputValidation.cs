using System;
using SpanNet.Kernels;
using SpanNet.Kernels.Operators;

namespace SpanNet.Networks;

/// <summary>Checks data at the network's public boundary.</summary>
internal static class InputValidation
{
    /// <summary>Throws if any value is NaN or ±∞, naming the first one.</summary>
    public static void Finite(ReadOnlySpan<float> values, string name)
    {
        // x − x is 0 for finite x and NaN otherwise, so one vectorized sum finds any bad value; only then search.
        if (float.IsFinite(Aggregate.Run<NonFiniteProbeOperator>(values, ReadOnlySpan<float>.Empty)))
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                ThrowHelper.Argument(name, $"{name}[{i}] is {values[i]}; every value must be finite.");
            }
        }
    }
}
