using System;

namespace SpanNet.Onnx;

/// <summary>
/// The numeric maps around a network that was trained on standardised table columns, for the exported graph to carry:
/// <c>(x − InputMean) / InputScale</c> per input feature before the network (0 and 1 where a feature is a one-hot slot),
/// and <c>y · OutputScale + OutputShift</c> after it (a regressor's target standardisation undone; 1 and 0 otherwise).
/// </summary>
/// <param name="InputMean">One value per network input.</param>
/// <param name="InputScale">One nonzero value per network input.</param>
/// <param name="OutputScale">The output's multiplier.</param>
/// <param name="OutputShift">The output's offset.</param>
public sealed record OnnxTableMaps(float[] InputMean, float[] InputScale, float OutputScale = 1f, float OutputShift = 0f)
{
    /// <summary>Throws unless the maps fit a network of <paramref name="inputs"/> inputs and every number is finite (every scale nonzero).</summary>
    internal void Check(int inputs)
    {
        if (InputMean.Length != inputs || InputScale.Length != inputs)
        {
            throw new ArgumentException($"The table maps have {InputMean.Length} means and {InputScale.Length} scales; the network takes {inputs} inputs.", "maps");
        }

        for (int i = 0; i < inputs; i++)
        {
            if (!float.IsFinite(InputMean[i]) || !float.IsFinite(InputScale[i]) || InputScale[i] == 0f)
            {
                throw new ArgumentException($"Input {i}'s mean {InputMean[i]} and scale {InputScale[i]} must be finite, the scale nonzero.", "maps");
            }
        }

        if (!float.IsFinite(OutputScale) || !float.IsFinite(OutputShift))
        {
            throw new ArgumentException($"The output's scale {OutputScale} and shift {OutputShift} must be finite.", "maps");
        }
    }
}
