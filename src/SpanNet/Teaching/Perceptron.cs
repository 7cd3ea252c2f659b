using System;
using SpanNet.Kernels;

namespace SpanNet.Teaching;

/// <summary>
/// Rosenblatt's perceptron, the first piece of "deep learning from scratch": <c>y = 1</c> if <c>Σᵢ wᵢxᵢ + b &gt; 0</c>, else <c>0</c>.
/// </summary>
/// <remarks>
/// The weights are copied at construction, so a perceptron never changes and one instance can be shared, as
/// <see cref="LogicGates"/> does. A single perceptron draws one straight line (a hyperplane) through its input space,
/// so it realises only linearly separable functions: AND, NAND and OR, but not XOR (see <see cref="LogicGates.Xor"/>).
/// </remarks>
public sealed class Perceptron
{
    private readonly float[] _weights;

    /// <summary>Creates a perceptron with the given weights and bias.</summary>
    /// <param name="weights">One weight per input; at least one, all finite. Copied.</param>
    /// <param name="bias">The bias <c>b</c>, finite; it is the negated threshold <c>θ</c> of the form <c>Σᵢ wᵢxᵢ &gt; θ</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight or <paramref name="bias"/> is NaN or infinite.</exception>
    public Perceptron(ReadOnlySpan<float> weights, float bias)
    {
        if (weights.IsEmpty)
        {
            ThrowHelper.Argument(nameof(weights), "A perceptron needs at least one weight.");
        }

        for (int i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(weights), $"weights[{i}] must be finite; it was {weights[i]}.");
            }
        }

        Guard.Finite(bias);
        _weights = weights.ToArray();
        Bias = bias;
    }

    /// <summary>The weights, one per input.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>The bias <c>b</c>.</summary>
    public float Bias { get; }

    /// <summary>The number of inputs <see cref="Evaluate"/> takes.</summary>
    public int InputCount => _weights.Length;

    /// <summary>
    /// The output: <c>1</c> if <c>Σᵢ wᵢxᵢ + b &gt; 0</c>, else <c>0</c> (the step of <see cref="Activations.Step"/>).
    /// </summary>
    /// <param name="inputs">One value per weight.</param>
    /// <returns><c>1f</c> or <c>0f</c>, as a float so that outputs can feed the next layer's inputs.</returns>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> does not have <see cref="InputCount"/> elements.</exception>
    public float Evaluate(ReadOnlySpan<float> inputs)
    {
        if (inputs.Length != _weights.Length)
        {
            ThrowHelper.Argument(nameof(inputs), $"inputs has length {inputs.Length}; this perceptron has {_weights.Length} weights.");
        }

        return Reductions.Dot(_weights, inputs) + Bias > 0f ? 1f : 0f;
    }
}
