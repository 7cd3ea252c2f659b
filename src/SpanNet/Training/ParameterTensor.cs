namespace SpanNet.Training;

/// <summary>Which parameter tensor of a dense layer a <see cref="TensorGradientError"/> is about.</summary>
public enum ParameterTensor
{
    /// <summary>The weights W [inputs, outputs].</summary>
    Weights,

    /// <summary>The bias b [outputs].</summary>
    Biases,
}
