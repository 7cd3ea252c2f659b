using System;
using SpanNet.Kernels;

namespace SpanNet.Training.Optimizers;

/// <summary>RMSprop: <c>h = ρ·h + (1 − ρ)·g²; w −= η·g/(√h + ε)</c>. Defaults η = 0.001, ρ = 0.9, ε = 1e-6.</summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The network's parameter count.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="rho">ρ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    public RmsProp(int parameterCount, float learningRate = 0.001f, float rho = 0.9f, float epsilon = 1e-6f)
        : base(parameterCount, learningRate, stateBuffers: 1)
    {
        Guard.UnitInterval(rho);
        Guard.FinitePositive(epsilon);
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary>ρ.</summary>
    public float Rho { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step) =>
        ParameterUpdates.RmsProp(parameters, gradients, State[0].Span, LearningRate, Rho, Epsilon);
}
