using System;
using System.Collections.Generic;
using SpanNet.Networks;
using SpanNet.Training.Optimizers;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// Each <see cref="OptimizerKind"/> made for SpanNet and for torch with the same hyperparameters, all passed
/// explicitly: the two libraries' defaults differ (Adam's ε is 1e-7 in SpanNet, 1e-8 in torch).
/// </summary>
public static class PeerOptimizers
{
    /// <summary>SGD's η, the CLI's default for <c>--optimizer sgd</c>.</summary>
    public const float SgdLearningRate = 0.1f;

    /// <summary>Momentum's η and μ, the CLI's defaults for <c>--optimizer momentum</c>.</summary>
    public const float MomentumLearningRate = 0.1f;

    public const float MomentumCoefficient = 0.9f;

    /// <summary>Adam's η, the CLI's default for <c>--optimizer adam</c>.</summary>
    public const float AdamLearningRate = 0.001f;

    public const float AdamBeta1 = 0.9f;
    public const float AdamBeta2 = 0.999f;
    public const float AdamEpsilon = 1e-7f;

    /// <summary>The SpanNet optimizer of kind <paramref name="kind"/> for <paramref name="network"/>'s parameters.</summary>
    public static Optimizer ForSpanNet(OptimizerKind kind, Network network) => kind switch
    {
        OptimizerKind.Sgd => new Sgd(network.Parameters.Length, SgdLearningRate),
        OptimizerKind.Momentum => new Momentum(network.Parameters.Length, MomentumLearningRate, MomentumCoefficient),
        OptimizerKind.Adam => new Adam(network.Parameters.Length, AdamLearningRate, AdamBeta1, AdamBeta2, AdamEpsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such optimizer."),
    };

    /// <summary>The torch optimizer of kind <paramref name="kind"/> over <paramref name="parameters"/>.</summary>
    public static optim.Optimizer ForTorch(OptimizerKind kind, IEnumerable<Parameter> parameters) => kind switch
    {
        OptimizerKind.Sgd => optim.SGD(parameters, SgdLearningRate),

        // torch's momentum (v = μv + g, w −= ηv) takes the same steps as SpanNet's (v = μv − ηg, w += v) at a fixed η.
        OptimizerKind.Momentum => optim.SGD(parameters, MomentumLearningRate, momentum: MomentumCoefficient),
        OptimizerKind.Adam => optim.Adam(parameters, AdamLearningRate, AdamBeta1, AdamBeta2, AdamEpsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such optimizer."),
    };
}
