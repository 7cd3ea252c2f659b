namespace SpanNet.Layers;

/// <summary>
/// A layer as the model file stores it (version 3): its kind's code, its output width, flags and two numbers whose
/// meaning is the kind's (a dense layer's bias flag; an activation's arguments; BatchNorm's ε and momentum), and how
/// many of the records after it belong to it (a residual block's inner layers).
/// </summary>
/// <param name="Code">The kind's model-file code (<see cref="LayerKinds"/>).</param>
/// <param name="Outputs">Features per sample going out.</param>
/// <param name="Flags">Kind-specific bits; 0 where a kind has none.</param>
/// <param name="First">The kind's first number; +0 where it has none.</param>
/// <param name="Second">The kind's second number; +0 where it has none.</param>
/// <param name="Children">How many following records are this layer's inner layers (only a residual block has any).</param>
internal readonly record struct LayerRecord(int Code, int Outputs, int Flags, float First, float Second, int Children);
