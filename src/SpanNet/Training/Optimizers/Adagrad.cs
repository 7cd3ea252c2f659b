using System;
using SpanNet.Kernels;

namespace SpanNet.Training.Optimizers;

/// <summary>Adagrad: <c>h += g²; w −= η·g/(√h + ε)</c>, h starting at 0. Defaults η = 0.01, ε = 1e-6.</summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The network's parameter count.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="epsilon">ε &gt; 0.</param>
    public Adagrad(int parameterCount, float learningRate = 0.01f, float epsilon = 1e-6f)
        : base(parameterCount, learningRate, stateBuffers: 1)
    {
        Guard.FinitePositive(epsilon);
        Epsilon = epsilon;
    }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step) =>
        ParameterUpdates.Adagrad(parameters, gradients, State[0].Span, LearningRate, Epsilon);
}
