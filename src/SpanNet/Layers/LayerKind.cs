namespace SpanNet.Layers;

/// <summary>The kinds of layer.</summary>
public enum LayerKind
{
    /// <summary>Affine: <c>Y = X·W + b</c>, or <c>X·W</c> without bias (<see cref="Layers.Dense"/>).</summary>
    Dense,

    /// <summary>An element-wise activation (<see cref="ActivationLayer"/>; which one is its <see cref="ActivationLayer.Activation"/>).</summary>
    Activation,

    /// <summary>Row-wise softmax as a layer of its own (<see cref="SoftmaxLayer"/>; use with <c>CrossEntropyLoss</c>).</summary>
    Softmax,
}
