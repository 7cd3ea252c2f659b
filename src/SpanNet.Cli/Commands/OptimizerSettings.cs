using System;
using System.Collections.Generic;
using System.Globalization;
using SpanNet.Training.Optimizers;

namespace SpanNet.Cli.Commands;

/// <summary>An optimizer and its hyperparameters as the user chose them, with the CLI's defaults filled in.</summary>
internal sealed record OptimizerSettings(OptimizerKind Kind, float LearningRate, float Momentum, float Beta1, float Beta2, float Epsilon, float Rho, float WeightDecay = 0f)
{
    /// <summary>μ, β₁, β₂ and ρ default as in Keras and the material.</summary>
    public const float DefaultMomentum = 0.9f;

    public const float DefaultBeta1 = 0.9f;

    public const float DefaultBeta2 = 0.999f;

    public const float DefaultRho = 0.9f;

    public static NamedChoice<OptimizerKind> Names { get; } = new(
        new KeyValuePair<string, OptimizerKind>("sgd", OptimizerKind.Sgd),
        new KeyValuePair<string, OptimizerKind>("momentum", OptimizerKind.Momentum),
        new KeyValuePair<string, OptimizerKind>("adagrad", OptimizerKind.Adagrad),
        new KeyValuePair<string, OptimizerKind>("rmsprop", OptimizerKind.RmsProp),
        new KeyValuePair<string, OptimizerKind>("adam", OptimizerKind.Adam));

    /// <summary>
    /// The learning rate when <c>--lr</c> is not given. Plain and momentum SGD get 0.1 rather than Keras' 0.01, which
    /// needs far more than 10 epochs on MNIST; the adaptive rules keep their usual defaults.
    /// </summary>
    public static float DefaultLearningRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd or OptimizerKind.Momentum => 0.1f,
        OptimizerKind.Adagrad => 0.01f,
        _ => 0.001f,
    };

    /// <summary>
    /// Epochs between learning-rate halvings when <c>--decay-every</c> is not given. Constant-rate runs plateau with the
    /// test accuracy bouncing between epochs; halving the rate lets them settle. Measured on MNIST (README's results):
    /// momentum 784-100-10 ends 10 epochs 0.2–0.7 points higher halved every 3 epochs, and Adam 784-256-128-10 ends 20
    /// epochs at 98.30–98.38 % halved every 5 against 98.02–98.17 % at a constant rate. RMSprop takes Adam's schedule
    /// (the same normalised step size); Adagrad already shrinks its steps as squared gradients accumulate.
    /// </summary>
    public static int DefaultDecayEvery(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd or OptimizerKind.Momentum => 3,
        OptimizerKind.Adam or OptimizerKind.RmsProp => 5,
        _ => 0,
    };

    /// <summary>ε when <c>--epsilon</c> is not given: the library's default for each rule.</summary>
    public static float DefaultEpsilon(OptimizerKind kind) => kind == OptimizerKind.Adam ? 1e-7f : 1e-6f;

    /// <summary>Whether <paramref name="hyperparameter"/> means anything to <paramref name="kind"/>.</summary>
    public static bool Uses(OptimizerKind kind, Hyperparameter hyperparameter) => hyperparameter switch
    {
        Hyperparameter.Momentum => kind == OptimizerKind.Momentum,
        Hyperparameter.Beta1 or Hyperparameter.Beta2 => kind == OptimizerKind.Adam,
        Hyperparameter.Rho => kind == OptimizerKind.RmsProp,
        Hyperparameter.WeightDecay => kind is OptimizerKind.Sgd or OptimizerKind.Momentum or OptimizerKind.Adam,
        _ => kind is OptimizerKind.Adagrad or OptimizerKind.RmsProp or OptimizerKind.Adam,
    };

    /// <summary>Makes the optimizer for a network of <paramref name="parameterCount"/> parameters.</summary>
    public Optimizer Create(int parameterCount) => Kind switch
    {
        OptimizerKind.Sgd => new Sgd(parameterCount, LearningRate, WeightDecay),
        OptimizerKind.Momentum => new Momentum(parameterCount, LearningRate, Momentum, WeightDecay),
        OptimizerKind.Adagrad => new Adagrad(parameterCount, LearningRate, Epsilon),
        OptimizerKind.RmsProp => new RmsProp(parameterCount, LearningRate, Rho, Epsilon),
        OptimizerKind.Adam => new Adam(parameterCount, LearningRate, Beta1, Beta2, Epsilon, WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown optimizer."),
    };

    /// <summary>The rule and the hyperparameters it uses, e.g. <c>momentum (lr 0.1, μ 0.9)</c>.</summary>
    public string Describe()
    {
        string name = Names.NameOf(Kind);
        string decay = WeightDecay > 0 ? Invariant($", {(Kind == OptimizerKind.Adam ? "decoupled " : "L2 ")}λ {WeightDecay:g}") : string.Empty;
        return Kind switch
        {
            OptimizerKind.Sgd => Invariant($"{name} (lr {LearningRate}{decay})"),
            OptimizerKind.Momentum => Invariant($"{name} (lr {LearningRate}, μ {Momentum}{decay})"),
            OptimizerKind.Adagrad => Invariant($"{name} (lr {LearningRate}, ε {Epsilon:g})"),
            OptimizerKind.RmsProp => Invariant($"{name} (lr {LearningRate}, ρ {Rho}, ε {Epsilon:g})"),
            _ => Invariant($"{name} (lr {LearningRate}, β₁ {Beta1}, β₂ {Beta2}, ε {Epsilon:g}{decay})"),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
