using System;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Tests.Layers;

/// <summary>Small networks that mix the layer kinds of issue #17, shared by the layer, thread and model-file tests.</summary>
internal static class LayerZoo
{
    /// <summary>The names of <see cref="Build"/>'s networks.</summary>
    public static readonly string[] Names =
    [
        "batchnorm-gelu", "layernorm-silu", "standardize-prelu-dropout", "two-residual-blocks", "hard-activations",
        "plain-normalisations", "softplus-clip-regression", "every-kind",
    ];

    /// <summary>Inputs of every zoo network.</summary>
    public const int Inputs = 6;

    /// <summary>
    /// A network by name. Every one of them ends in a dense layer; those named "regression" train against target rows
    /// with the mean squared error, the others against labels with the fused softmax cross-entropy.
    /// </summary>
    public static Network Build(string name, int seed = 7)
    {
        float[] mean = [0.5f, -0.25f, 1f, 0f, 0.125f, -1f];
        float[] scale = [2f, 0.5f, 1.5f, 1f, 0.75f, 3f];
        NetworkBuilder builder = new(Inputs);
        switch (name)
        {
            case "batchnorm-gelu":
                builder.Dense(8).BatchNorm().Activate(Activation.Gelu).Dense(3);
                break;
            case "layernorm-silu":
                builder.Dense(7, Activation.Silu).LayerNorm().Dense(5, Activation.GeluTanh).Dense(3);
                break;
            case "standardize-prelu-dropout":
                builder.Standardize(mean, scale).Dense(9).PRelu().Dropout(0.3f).Dense(3);
                break;
            case "two-residual-blocks":
                builder.Residual(b => b.Dense(9, Activation.GeluTanh).LayerNorm().Dense(Inputs), Activation.Silu)
                    .Residual(b => b.Dense(Inputs).BatchNorm(), Activation.Tanh)
                    .Dense(3);
                break;
            case "hard-activations":
                builder.Dense(8, Activation.HardSwish).Dense(8, Activation.HardSigmoid).Dense(8, Activation.Relu6)
                    .Dense(8, Activation.Clip, alpha: -0.5f, beta: 0.75f).Dense(3);
                break;
            case "plain-normalisations":
                builder.Dense(8).BatchNorm(epsilon: 1e-3f, momentum: 0.2f, affine: false).Activate(Activation.Tanh)
                    .LayerNorm(epsilon: 1e-4f, affine: false).Dense(3);
                break;
            case "softplus-clip-regression":
                builder.Affine(scale, mean).Dense(7, Activation.Softplus, alpha: 2f, beta: 10f).Dense(7, Activation.Softplus)
                    .Dense(3).Loss(new SquaredErrorLoss(SpanNet.Kernels.SquaredErrorConvention.Mean));
                break;
            case "every-kind":
                builder.Standardize(mean, scale).Dense(10).BatchNorm().Activate(Activation.Gelu).Dropout(0.2f)
                    .Residual(b => b.Dense(12, Activation.Silu).Dropout(0.1f).Dense(10).LayerNorm(), Activation.Relu)
                    .Dense(8).PRelu().Dense(8, Activation.Softplus).Dense(3);
                break;
            default:
                throw new ArgumentException($"no zoo network '{name}'", nameof(name));
        }

        Network network = builder.Build(seed);
        ScrambleNormalisationParameters(network, seed);
        return network;
    }

    /// <summary>Whether the named network trains against target rows.</summary>
    public static bool IsRegression(string name) => name.Contains("regression", StringComparison.Ordinal);

    /// <summary>
    /// γ, β, slopes and running statistics away from their initial 1, 0, 0.25, 0 and 1, so a gradient or a fold that
    /// ignored one of them would show.
    /// </summary>
    private static void ScrambleNormalisationParameters(Network network, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            if (layer is BatchNorm or LayerNorm or PRelu)
            {
                Span<float> parameters = network.LayerParameters(i);
                for (int j = 0; j < parameters.Length; j++)
                {
                    parameters[j] = (float)(0.5 + random.NextDouble());
                }
            }

            if (layer is BatchNorm)
            {
                Span<float> state = network.LayerState(i);
                for (int j = 0; j < state.Length; j++)
                {
                    state[j] = (float)(0.25 + random.NextDouble());
                }
            }
        }
    }
}
