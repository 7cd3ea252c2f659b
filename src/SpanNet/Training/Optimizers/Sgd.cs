using System;
using SpanNet.Kernels;

namespace SpanNet.Training.Optimizers;

/// <summary>Plain gradient descent: <c>w −= η·g</c>. Default η = 0.01 (Keras).</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The network's parameter count.</param>
    /// <param name="learningRate">η.</param>
    public Sgd(int parameterCount, float learningRate = 0.01f)
        : base(parameterCount, learningRate, stateBuffers: 0)
    {
    }

    private protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step) =>
        ParameterUpdates.Sgd(parameters, gradients, LearningRate);
}
