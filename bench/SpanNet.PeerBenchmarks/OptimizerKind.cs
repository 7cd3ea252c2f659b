namespace SpanNet.PeerBenchmarks;

/// <summary>Which optimizer a training comparison runs, in both libraries (<see cref="PeerOptimizers"/>).</summary>
public enum OptimizerKind
{
    /// <summary>Plain gradient descent, <c>w −= η·g</c>.</summary>
    Sgd,

    /// <summary>Gradient descent with momentum, the CLI's default optimizer.</summary>
    Momentum,

    /// <summary>Adam with bias correction.</summary>
    Adam,
}
