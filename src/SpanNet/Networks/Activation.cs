namespace SpanNet.Networks;

/// <summary>The activation a <see cref="NetworkBuilder.Dense"/> layer is followed by.</summary>
public enum Activation
{
    /// <summary>No activation: the layer's output is its affine map.</summary>
    None,

    /// <summary>ReLU; weights get He initialisation.</summary>
    Relu,

    /// <summary>Leaky ReLU with the builder's slope; weights get He initialisation.</summary>
    LeakyRelu,

    /// <summary>Logistic sigmoid; weights get Xavier initialisation.</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent; weights get Xavier initialisation.</summary>
    Tanh,

    /// <summary>Heaviside step (perceptron-style, inference only); weights get Xavier initialisation.</summary>
    Step,

    /// <summary>Row-wise softmax as a layer (pair with <see cref="Layers.CrossEntropyLoss"/>).</summary>
    Softmax,
}
