namespace SpanNet.Benchmarks;

/// <summary>What optimizer state an update benchmark starts each call from.</summary>
public enum OptimizerState
{
    /// <summary>Velocities and moments of ordinary size (about 1e-3), as early in training.</summary>
    Normal,

    /// <summary>
    /// The state of a weight whose gradient has been zero for a long time (an MNIST pixel that is seldom lit): 81 % of
    /// the entries subnormal (about 1e-39) with zero gradient, the rest ordinary. Without a flush every one of those
    /// entries is a subnormal operand of every later update.
    /// </summary>
    Subnormal,
}
