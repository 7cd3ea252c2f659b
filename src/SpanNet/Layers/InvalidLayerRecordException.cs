using System;

namespace SpanNet.Layers;

/// <summary>
/// A layer record that describes no valid layer; the model-file reader turns it into its one documented
/// <see cref="System.IO.InvalidDataException"/>, naming the file and the layer.
/// </summary>
internal sealed class InvalidLayerRecordException(string reason) : Exception(reason)
{
}
