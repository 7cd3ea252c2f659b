using System;
using SpanNet.Kernels;

namespace SpanNet.Training.Optimizers;

/// <summary>Adam with bias correction. Defaults η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7 (Keras).</summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The network's parameter count.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    /// <param name="weightDecay">λ ≥ 0, decoupled (AdamW): each step also shrinks the weights by the factor 1 − ηλ.</param>
    public Adam(int parameterCount, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, float weightDecay = 0f)
        : base(parameterCount, learningRate, stateBuffers: 2, weightDecay)
    {
        Guard.UnitInterval(beta1);
        Guard.UnitInterval(beta2);
        Guard.FinitePositive(epsilon);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step) =>
        ParameterUpdates.AdamW(parameters, gradients, State[0].Span, State[1].Span, LearningRate, Beta1, Beta2, Epsilon, step, WeightDecay);
}
