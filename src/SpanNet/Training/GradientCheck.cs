using System;
using System.Collections.Generic;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Training;

/// <summary>
/// Numerical differentiation (DLFS's <c>numerical_gradient</c>): checks backpropagation's gradients against central
/// differences <c>(L(θ + h) − L(θ − h)) / 2h</c> for every parameter, and reports the worst relative error per tensor.
/// </summary>
/// <remarks>
/// The network runs in float, so the differences carry about <c>u·|L|/h</c> of rounding noise (u = 6e-8): with the
/// default h = 1e-3 and a loss near 1 that is ~1e-4 absolute, which sets the floor under the relative error below.
/// The parameters are restored bit for bit afterwards.
/// </remarks>
public static class GradientCheck
{
    /// <summary>Gradients smaller than this are compared absolutely, not relatively (the float noise floor above).</summary>
    public const double RelativeErrorFloor = 1e-3;

    /// <summary>Checks the gradients for a batch with class labels.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="labels">One class per sample.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace of the network.</param>
    /// <param name="step">h.</param>
    /// <returns>One entry per parameter tensor (each layer's W and b).</returns>
    public static IReadOnlyList<TensorGradientError> Run(Network network, ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Workspace workspace, float step = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.ComputeGradients(input, labels, batch, workspace);
        float[] analytic = network.Parameters.Gradients.ToArray();
        int[] labelsCopy = labels.ToArray();
        float[] inputCopy = input.ToArray();
        return Compare(network, analytic, step, () => network.ComputeLoss(inputCopy, labelsCopy, batch, workspace));
    }

    /// <summary>Checks the gradients for a batch with target rows.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="targets">[batch, Outputs].</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace of the network.</param>
    /// <param name="step">h.</param>
    /// <returns>One entry per parameter tensor (each layer's W and b).</returns>
    public static IReadOnlyList<TensorGradientError> Run(Network network, ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Workspace workspace, float step = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.ComputeGradients(input, targets, batch, workspace);
        float[] analytic = network.Parameters.Gradients.ToArray();
        float[] targetsCopy = targets.ToArray();
        float[] inputCopy = input.ToArray();
        return Compare(network, analytic, step, () => network.ComputeLoss(inputCopy, targetsCopy, batch, workspace));
    }

    private static List<TensorGradientError> Compare(Network network, float[] analytic, float step, Func<float> loss)
    {
        Guard.FinitePositive(step);
        var errors = new List<TensorGradientError>();
        int offset = 0;
        for (int layer = 0; layer < network.Layers.Count; layer++)
        {
            if (network.Layers[layer] is not Dense dense)
            {
                offset += network.Layers[layer].ParameterCount;
                continue;
            }

            errors.Add(CompareRange(network, analytic, offset, dense.WeightCount, step, loss, layer, "W"));
            if (dense.HasBias)
            {
                errors.Add(CompareRange(network, analytic, offset + dense.WeightCount, dense.Outputs, step, loss, layer, "b"));
            }

            offset += dense.ParameterCount;
        }

        return errors;
    }

    private static TensorGradientError CompareRange(Network network, float[] analytic, int start, int count, float step, Func<float> loss, int layer, string tensor)
    {
        double worstRelative = 0, worstAbsolute = 0;
        for (int i = start; i < start + count; i++)
        {
            Span<float> values = network.Parameters.Values;
            float original = values[i];
            values[i] = original + step;
            double plus = loss();
            values[i] = original - step;
            double minus = loss();
            values[i] = original;

            // Divide by the step actually taken: θ ± h is rounded to float.
            double taken = ((double)(original + step)) - (original - step);
            double numerical = (plus - minus) / taken;
            double absolute = Math.Abs(numerical - analytic[i]);
            worstAbsolute = Math.Max(worstAbsolute, absolute);
            worstRelative = Math.Max(worstRelative, absolute / Math.Max(Math.Max(Math.Abs(numerical), Math.Abs(analytic[i])), RelativeErrorFloor));
        }

        return new TensorGradientError(layer, tensor, count, worstRelative, worstAbsolute);
    }
}
