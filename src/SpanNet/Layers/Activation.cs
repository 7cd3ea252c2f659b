namespace SpanNet.Layers;

/// <summary>
/// The activation a layer applies. Everything about each element-wise one (its name, kernels, reference, model-file
/// code and ONNX operator) is in <see cref="ActivationDescriptors"/>.
/// </summary>
public enum Activation
{
    /// <summary>No activation: a dense layer's output is its affine map.</summary>
    None,

    /// <summary>ReLU, <c>max(x, 0)</c>; weights before it get He initialisation.</summary>
    Relu,

    /// <summary>Leaky ReLU, <c>x &gt; 0 ? x : αx</c> with α in [0, 1); weights before it get He initialisation.</summary>
    LeakyRelu,

    /// <summary>Logistic sigmoid, <c>1 / (1 + e^−x)</c>; weights before it get Xavier initialisation.</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent; weights before it get Xavier initialisation.</summary>
    Tanh,

    /// <summary>Heaviside step, <c>x &gt; 0 ? 1 : 0</c> (perceptron-style, inference only); Xavier initialisation.</summary>
    Step,

    /// <summary>Row-wise softmax as a layer of its own (pair it with <see cref="CrossEntropyLoss"/>).</summary>
    Softmax,

    /// <summary>ELU, <c>x &gt; 0 ? x : α(e^x − 1)</c> with α &gt; 0 (1 by default); weights before it get He initialisation.</summary>
    Elu,
}
