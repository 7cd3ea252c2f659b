using System;
using System.Collections.Generic;

namespace SpanNet.Layers;

/// <summary>
/// Turns a chain of layers into single-sample inference steps, folding every per-feature affine map (an inference-mode
/// BatchNorm, a standardisation) into the dense step before it and dropping identity maps (an inference-mode dropout),
/// so such a layer costs nothing at inference.
/// </summary>
internal static class SampleStepChain
{
    /// <summary>The steps of <paramref name="layers"/>, whose parameters and state lie one after another in the two spans.</summary>
    public static SampleStep[] Build(IReadOnlyList<Layer> layers, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        var steps = new List<SampleStep>(layers.Count);
        int parameterOffset = 0, stateOffset = 0;
        foreach (Layer layer in layers)
        {
            SampleStep step = layer.CreateSampleStep(parameters.Slice(parameterOffset, layer.ParameterCount), state.Slice(stateOffset, layer.StateCount));
            bool absorbed = step is AffineSampleStep affine
                && (affine.IsIdentity || (steps.Count > 0 && steps[^1].TryAbsorbAffine(affine.Scale, affine.Shift)));
            if (!absorbed)
            {
                steps.Add(step);
            }

            parameterOffset += layer.ParameterCount;
            stateOffset += layer.StateCount;
        }

        return steps.ToArray();
    }
}
