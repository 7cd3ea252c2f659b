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

    /// <summary>GELU, <c>x·Φ(x) = ½x(1 + erf(x/√2))</c> (PyTorch's <c>nn.GELU()</c>); He initialisation.</summary>
    Gelu,

    /// <summary>GELU's tanh form, <c>½x(1 + tanh(√(2/π)(x + 0.044715x³)))</c> (<c>nn.GELU(approximate="tanh")</c>); He initialisation.</summary>
    GeluTanh,

    /// <summary>SiLU (swish), <c>x·σ(x)</c>; He initialisation.</summary>
    Silu,

    /// <summary>Softplus, <c>log(1 + e^(βx))/β</c>, linear where βx exceeds the threshold (α = β = 1, β = threshold = 20 by default, as PyTorch); He initialisation.</summary>
    Softplus,

    /// <summary>Hard swish, <c>x·relu6(x + 3)/6</c>; He initialisation.</summary>
    HardSwish,

    /// <summary>Hard sigmoid, <c>max(0, min(1, αx + β))</c> (α = 1/6 and β = ½ by default, as PyTorch); Xavier initialisation.</summary>
    HardSigmoid,

    /// <summary>ReLU6, <c>min(max(x, 0), 6)</c>; He initialisation.</summary>
    Relu6,

    /// <summary>Clip, <c>min(max(x, α), β)</c> (PyTorch's <c>clamp</c> and <c>Hardtanh</c>; −1 and 1 by default); Xavier initialisation.</summary>
    Clip,
}
