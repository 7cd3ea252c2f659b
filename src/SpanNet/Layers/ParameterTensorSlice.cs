namespace SpanNet.Layers;

/// <summary>One named tensor of a layer's parameters: where it starts in the network's parameter block and how long it is.</summary>
/// <param name="Tensor">What the tensor is.</param>
/// <param name="Start">Its first parameter's index in the network's block.</param>
/// <param name="Count">Its length.</param>
internal readonly record struct ParameterTensorSlice(ParameterTensor Tensor, int Start, int Count);
