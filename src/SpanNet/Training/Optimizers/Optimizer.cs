using System;
using SpanNet.Memory;

namespace SpanNet.Training.Optimizers;

/// <summary>
/// A gradient-descent update rule over one flat parameter span (DLFS's <c>update(params, grads)</c>, run as llm.c's
/// single loop). The constructor allocates all state for a given parameter count; <see cref="Step"/> allocates nothing.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private float _learningRate;

    private protected Optimizer(int parameterCount, float learningRate, int stateBuffers, float weightDecay = 0f)
    {
        Guard.NonNegative(parameterCount);
        Guard.FinitePositive(learningRate);
        if (!float.IsFinite(weightDecay) || weightDecay < 0 || (double)learningRate * weightDecay >= 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(weightDecay), $"weight decay λ must be finite, at least 0, and with the learning rate ηλ < 1; it was {weightDecay} (η {learningRate}).");
        }

        ParameterCount = parameterCount;
        WeightDecay = weightDecay;
        _learningRate = learningRate;
        State = new AlignedBuffer[stateBuffers];
        for (int i = 0; i < stateBuffers; i++)
        {
            State[i] = new AlignedBuffer(parameterCount);
        }
    }

    /// <summary>The number of parameters this optimizer updates.</summary>
    public int ParameterCount { get; }

    /// <summary>η, changeable between steps (a schedule sets it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and positive.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            Guard.FinitePositive(value);
            _learningRate = value;
        }
    }

    /// <summary>λ, the weight decay (L2 for SGD and momentum, decoupled for Adam); 0 for none and for the rules without one.</summary>
    public float WeightDecay { get; }

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>The state buffers (velocity, moments), each <see cref="ParameterCount"/> long; all zero at first.</summary>
    private protected AlignedBuffer[] State { get; }

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradients"/>.</summary>
    /// <param name="parameters">The parameters, <see cref="ParameterCount"/> long.</param>
    /// <param name="gradients">Their gradients, the same length.</param>
    /// <exception cref="ArgumentException">A length is wrong; nothing was changed.</exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        Guard.Length(parameters.Length, ParameterCount, nameof(parameters));
        Guard.Length(gradients.Length, ParameterCount, nameof(gradients));
        StepCount++;
        Update(parameters, gradients, StepCount);
    }

    /// <summary>A copy of the optimizer's state, buffer after buffer, followed by nothing else (for tests and checkpoints).</summary>
    /// <param name="destination">At least <see cref="ParameterCount"/> × the number of state buffers floats.</param>
    /// <returns>How many floats were written.</returns>
    public int CopyStateTo(Span<float> destination)
    {
        int written = 0;
        foreach (AlignedBuffer buffer in State)
        {
            buffer.Span.CopyTo(destination[written..]);
            written += buffer.Length;
        }

        return written;
    }

    /// <summary>Releases the state buffers.</summary>
    public void Dispose()
    {
        foreach (AlignedBuffer buffer in State)
        {
            buffer.Dispose();
        }
    }

    /// <summary>Applies the rule; lengths were checked and <paramref name="step"/> is 1-based.</summary>
    private protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step);
}
