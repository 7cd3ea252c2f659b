namespace SpanNet.Layers;

/// <summary>The kinds of layer (<see cref="LayerKinds"/> reads each from its model-file record).</summary>
public enum LayerKind
{
    /// <summary>Affine: <c>Y = X·W + b</c>, or <c>X·W</c> without bias (<see cref="Layers.Dense"/>).</summary>
    Dense,

    /// <summary>An element-wise activation (<see cref="ActivationLayer"/>; which one is its <see cref="ActivationLayer.Activation"/>).</summary>
    Activation,

    /// <summary>Row-wise softmax as a layer of its own (<see cref="SoftmaxLayer"/>; use with <c>CrossEntropyLoss</c>).</summary>
    Softmax,

    /// <summary>Batch normalisation over features (<see cref="Layers.BatchNorm"/>).</summary>
    BatchNorm,

    /// <summary>Layer normalisation over features (<see cref="Layers.LayerNorm"/>).</summary>
    LayerNorm,

    /// <summary>Inverted dropout, active in training only (<see cref="Layers.Dropout"/>).</summary>
    Dropout,

    /// <summary>A fixed per-feature affine map, the model's own input scaling (<see cref="Layers.Standardize"/>).</summary>
    Standardize,

    /// <summary><c>y = x + f(x)</c> around a chain of layers, optionally followed by an activation (<see cref="ResidualBlock"/>).</summary>
    Residual,

    /// <summary>Leaky ReLU with one trainable slope per feature (<see cref="PRelu"/>).</summary>
    PRelu,
}
