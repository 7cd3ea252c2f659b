using System;
using System.Collections.Generic;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// The table of element-wise activations: one <see cref="ActivationDescriptor"/> each. Adding an activation means a
/// kernel file in <c>Kernels/</c>, a value of <see cref="Activation"/> and one row here.
/// </summary>
public static class ActivationDescriptors
{
    private const float HeGain = 2f;
    private const float XavierGain = 1f;

    private static readonly ActivationDescriptor[] Table =
    [
        new(Activation.Relu, "relu", 2, "Relu", ActivationDescriptor.AlphaRule.None, HeGain,
            static (x, _, y) => Activations.Relu(x, y),
            static (dy, y, _, dx) => Activations.ReluBackward(dy, y, dx),
            static (x, _) => Math.Max(x, 0)),
        new(Activation.LeakyRelu, "leaky-relu", 3, "LeakyRelu", new(true, 0.01f, 0f, true, 1f, false, "in [0, 1)"), HeGain,
            static (x, alpha, y) => Activations.LeakyRelu(x, alpha, y),
            static (dy, y, alpha, dx) => Activations.LeakyReluBackward(dy, y, alpha, dx),
            static (x, alpha) => x > 0 ? x : alpha * x),
        new(Activation.Sigmoid, "sigmoid", 4, "Sigmoid", ActivationDescriptor.AlphaRule.None, XavierGain,
            static (x, _, y) => Activations.Sigmoid(x, y),
            static (dy, y, _, dx) => Activations.SigmoidBackward(dy, y, dx),
            static (x, _) => 1 / (1 + Math.Exp(-x))),
        new(Activation.Tanh, "tanh", 5, "Tanh", ActivationDescriptor.AlphaRule.None, XavierGain,
            static (x, _, y) => Activations.Tanh(x, y),
            static (dy, y, _, dx) => Activations.TanhBackward(dy, y, dx),
            static (x, _) => Math.Tanh(x)),
        new(Activation.Step, "step", 6, null, ActivationDescriptor.AlphaRule.None, XavierGain,
            static (x, _, y) => Activations.Step(x, y),
            null,
            static (x, _) => x > 0 ? 1 : 0),
        new(Activation.Elu, "elu", 8, "Elu", new(true, 1f, 0f, false, float.MaxValue, true, "finite and positive"), HeGain,
            static (x, alpha, y) => Activations.Elu(x, alpha, y),
            static (dy, y, alpha, dx) => Activations.EluBackward(dy, y, alpha, dx),
            static (x, alpha) => x > 0 ? x : alpha * (Math.Exp(x) - 1)),
    ];

    /// <summary>Every element-wise activation, in the order of <see cref="Activation"/>.</summary>
    public static IReadOnlyList<ActivationDescriptor> All => Table;

    /// <summary>The descriptor of <paramref name="activation"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not an element-wise activation (None, Softmax or unknown).</exception>
    public static ActivationDescriptor For(Activation activation)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.Activation == activation)
            {
                return descriptor;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(activation), activation, $"{activation} is not an element-wise activation.");
    }

    /// <summary>The activation named <paramref name="name"/> (<see cref="ActivationDescriptor.Name"/>), if there is one.</summary>
    public static ActivationDescriptor? FindByName(string name)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.Name == name)
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>The activation ONNX computes with operator <paramref name="onnxOperator"/>, if SpanNet has it.</summary>
    public static ActivationDescriptor? FindByOnnxOperator(string onnxOperator)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.OnnxOperator == onnxOperator)
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>The activation the model file stores as layer code <paramref name="code"/>, if there is one.</summary>
    internal static ActivationDescriptor? FindByModelFileCode(int code)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.ModelFileCode == code)
            {
                return descriptor;
            }
        }

        return null;
    }
}
