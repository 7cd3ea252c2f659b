using System;
using SpanNet.Kernels;

namespace SpanNet.Training.Optimizers;

/// <summary>Plain gradient descent: <c>w −= η·g</c>. Default η = 0.01 (Keras).</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The network's parameter count.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="weightDecay">λ ≥ 0, the L2 coefficient: each step is <c>w −= η·(g + λ·w)</c>.</param>
    public Sgd(int parameterCount, float learningRate = 0.01f, float weightDecay = 0f)
        : base(parameterCount, learningRate, stateBuffers: 0, weightDecay)
    {
    }

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step) =>
        ParameterUpdates.Sgd(parameters, gradients, LearningRate, WeightDecay);
}
