namespace SpanNet.Cli.Commands;

/// <summary>The optimizer hyperparameters <c>spannet train</c> takes that only some update rules use.</summary>
internal enum Hyperparameter
{
    /// <summary><c>--momentum</c>, μ.</summary>
    Momentum,

    /// <summary><c>--beta1</c>, β₁.</summary>
    Beta1,

    /// <summary><c>--beta2</c>, β₂.</summary>
    Beta2,

    /// <summary><c>--epsilon</c>, ε.</summary>
    Epsilon,

    /// <summary><c>--rho</c>, ρ.</summary>
    Rho,

    /// <summary><c>--weight-decay</c>, λ (L2 for sgd and momentum, decoupled for adam).</summary>
    WeightDecay,
}
