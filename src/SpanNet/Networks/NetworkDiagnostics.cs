using System;
using SpanNet.Kernels;
using SpanNet.Layers;

namespace SpanNet.Networks;

/// <summary>
/// Measurements the material motivates: per-layer gradient norms, where vanishing gradients in deep sigmoid stacks
/// show as norms shrinking toward the input, and the fraction of dead ReLU units, which output 0 for every sample.
/// </summary>
public static class NetworkDiagnostics
{
    /// <summary>
    /// The L2 norm of each layer's parameter gradients from the last backward pass (0 for layers without parameters).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="norms">Written: one norm per layer.</param>
    /// <exception cref="ArgumentException"><paramref name="norms"/> does not have one element per layer.</exception>
    public static void GradientNorms(Network network, Span<float> norms)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Length(norms.Length, network.Layers.Count, nameof(norms));
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Span<float> gradients = network.LayerGradients(i);
            norms[i] = MathF.Sqrt(Reductions.Dot(gradients, gradients));
        }
    }

    /// <summary>
    /// The fraction of units of a ReLU-family layer whose output was ≤ 0 for every sample of the last forward pass
    /// through <paramref name="workspace"/> (dead units: no gradient reaches their weights).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="workspace">The workspace of the last forward pass.</param>
    /// <param name="layer">A ReLU or leaky-ReLU layer.</param>
    /// <param name="batch">The batch size of that pass.</param>
    /// <returns>A fraction in [0, 1].</returns>
    /// <exception cref="ArgumentException">The layer is not ReLU-family, or the batch does not fit the workspace.</exception>
    public static float DeadUnitFraction(Network network, Workspace workspace, int layer, int batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(workspace);
        if ((uint)layer >= (uint)network.Layers.Count || network.Layers[layer] is not ActivationLayer { Activation: Activation.Relu or Activation.LeakyRelu })
        {
            ThrowHelper.Argument(nameof(layer), $"Layer {layer} is not a ReLU or leaky-ReLU layer.");
        }

        if (batch < 1 || batch > workspace.Capacity || !ReferenceEquals(workspace.Network, network))
        {
            ThrowHelper.Argument(nameof(batch), $"batch {batch} does not fit this network's workspace (capacity {workspace.Capacity}).");
        }

        int width = network.Layers[layer].Outputs;
        ReadOnlySpan<float> outputs = workspace.Output(layer, batch);
        int dead = 0;
        for (int unit = 0; unit < width; unit++)
        {
            bool alive = false;
            for (int sample = 0; sample < batch && !alive; sample++)
            {
                alive = outputs[(sample * width) + unit] > 0f;
            }

            dead += alive ? 0 : 1;
        }

        return (float)dead / width;
    }
}
