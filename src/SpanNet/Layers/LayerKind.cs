namespace SpanNet.Layers;

/// <summary>The kinds of layer, with the numbers the model file stores.</summary>
public enum LayerKind
{
    /// <summary>Affine: <c>Y = X·W + b</c>, or <c>X·W</c> without bias.</summary>
    Dense = 1,

    /// <summary><c>max(x, 0)</c>.</summary>
    Relu = 2,

    /// <summary><c>x &gt; 0 ? x : αx</c>.</summary>
    LeakyRelu = 3,

    /// <summary><c>1 / (1 + e^−x)</c>.</summary>
    Sigmoid = 4,

    /// <summary><c>tanh x</c>.</summary>
    Tanh = 5,

    /// <summary><c>x &gt; 0 ? 1 : 0</c>; inference only.</summary>
    Step = 6,

    /// <summary>Row-wise softmax as a layer of its own (use with <c>CrossEntropyLoss</c>).</summary>
    Softmax = 7,
}
