using System;
using SpanNet.Layers;
using SpanNet.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpanNet.PeerBenchmarks;

/// <summary>The TorchSharp twin of a SpanNet dense/ReLU network, starting from the same weights.</summary>
public static class TorchMlp
{
    /// <summary>nn.Sequential of Linear and ReLU modules with <paramref name="network"/>'s current parameters.</summary>
    public static Sequential FromNetwork(Network network)
    {
        var modules = new (string, nn.Module<Tensor, Tensor>)[network.Layers.Count];
        for (int i = 0; i < network.Layers.Count; i++)
        {
            modules[i] = network.Layers[i] switch
            {
                Dense dense => ($"dense{i}", LinearFrom(network, i, dense)),
                ActivationLayer { Activation: Activation.Relu } => ($"relu{i}", nn.ReLU()),
                Layer other => throw new NotSupportedException($"No torch twin for a {other.Name} layer."),
            };
        }

        return nn.Sequential(modules);
    }

    private static Linear LinearFrom(Network network, int index, Dense dense)
    {
        Linear linear = nn.Linear(dense.Inputs, dense.Outputs, hasBias: dense.HasBias);
        using (no_grad())
        {
            // SpanNet stores W as [inputs, outputs] (Y = X·W); torch's Linear holds [outputs, inputs] (Y = X·Wᵀ).
            using Tensor weights = tensor(network.Weights(index).ToArray(), [dense.Inputs, dense.Outputs]);
            using Tensor transposed = weights.t();
            linear.weight!.copy_(transposed);
            if (dense.HasBias)
            {
                using Tensor bias = tensor(network.Biases(index).ToArray(), [dense.Outputs]);
                linear.bias!.copy_(bias);
            }
        }

        return linear;
    }
}
