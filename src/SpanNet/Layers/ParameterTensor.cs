namespace SpanNet.Layers;

/// <summary>Which parameter tensor of a layer a gradient check entry is about.</summary>
public enum ParameterTensor
{
    /// <summary>A dense layer's weights W [inputs, outputs].</summary>
    Weights,

    /// <summary>A dense layer's bias b [outputs].</summary>
    Biases,

    /// <summary>A normalisation's learned scale γ [features].</summary>
    Scale,

    /// <summary>A normalisation's learned shift β [features].</summary>
    Shift,

    /// <summary>PReLU's negative slopes [features].</summary>
    Slopes,
}
