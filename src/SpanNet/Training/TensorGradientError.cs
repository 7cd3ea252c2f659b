using SpanNet.Layers;

namespace SpanNet.Training;

/// <summary>How far backpropagation's gradient of one parameter tensor is from central differences.</summary>
/// <param name="Layer">The layer's index in <see cref="Networks.Network.Layers"/>.</param>
/// <param name="Tensor">Which of its tensors.</param>
/// <param name="Count">Parameters checked.</param>
/// <param name="MaxRelativeError">max |numerical − analytic| / max(|numerical|, |analytic|, 1e-6).</param>
/// <param name="MaxAbsoluteError">max |numerical − analytic|.</param>
public readonly record struct TensorGradientError(int Layer, ParameterTensor Tensor, int Count, double MaxRelativeError, double MaxAbsoluteError);
