using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.IO;

/// <summary>
/// Saves and loads a network (architecture and weights) in SpanNet's model format, version 2 (version 1 files, which
/// lack the prediction field, are still read). All integers and floats are little-endian:
/// <code>
/// "SPNN"            4 bytes   magic
/// version           int32     2
/// inputs            int32     features per sample
/// layer count       int32
/// per layer         code int32 (1 dense, 7 softmax, an activation's ActivationDescriptor code: 2 relu, 3 leaky
///                   relu, 4 sigmoid, 5 tanh, 6 step, 8 elu), outputs int32, flags int32 (bit 0: dense has bias),
///                   α float32 (leaky ReLU's slope, ELU's α; 0 for the others)
/// loss              int32     LossKind
/// prediction        int32     PredictionOutput (version 2 on; a version 1 file predicts what its loss implies)
/// parameter count   int32
/// parameters        float32 × count, layer after layer (each dense layer's W [inputs, outputs] then b)
/// SHA-256           32 bytes  of every byte before it
/// </code>
/// </summary>
/// <remarks>
/// Saving writes a temporary file beside the target and renames it over the target, so a crash never leaves a torn
/// model. Loading checks the length, magic, version and checksum before it builds anything.
/// </remarks>
public static class ModelFile
{
    /// <summary>The format version this code writes; it also reads version 1.</summary>
    public const int Version = 2;

    /// <summary>The first version, before the prediction field: still read.</summary>
    private const int VersionWithoutPrediction = 1;

    private const int HeaderBytes = 16;
    private const int LayerBytes = 16;
    private const int ChecksumBytes = 32;
    private const int MaxLayers = 4096;
    private const int DenseCode = 1;
    private const int SoftmaxCode = 7;
    private static readonly byte[] Magic = "SPNN"u8.ToArray();

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/>, replacing any file there atomically.</summary>
    /// <exception cref="IOException">The file could not be written; the previous file, if any, is untouched.</exception>
    public static void Save(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Serialize(network);
        string fullPath = Path.GetFullPath(path);
        string temporary = fullPath + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads a network from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, altered, of another format or version, or inconsistent.</exception>
    public static Network Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Deserialize(File.ReadAllBytes(path), path);
    }

    /// <summary>The model's bytes, as <see cref="Save"/> writes them.</summary>
    public static byte[] Serialize(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int count = network.Parameters.Length;
        int length = HeaderBytes + (network.Layers.Count * LayerBytes) + TrailerBytes(Version) + (count * sizeof(float)) + ChecksumBytes;
        byte[] bytes = new byte[length];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], network.Inputs);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], network.Layers.Count);
        int at = HeaderBytes;
        foreach (Layer layer in network.Layers)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], LayerCode(layer));
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], layer.Outputs);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], layer is Dense { HasBias: true } ? 1 : 0);
            BinaryPrimitives.WriteSingleLittleEndian(span[(at + 12)..], layer is ActivationLayer activation ? activation.Alpha : 0f);
            at += LayerBytes;
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[at..], (int)network.Loss.Kind);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], (int)network.PredictionOutput);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], count);
        at += TrailerBytes(Version);
        ReadOnlySpan<float> values = network.Parameters.Values;
        for (int i = 0; i < count; i++, at += sizeof(float))
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], values[i]);
        }

        SHA256.HashData(span[..at], span[at..]);
        return bytes;
    }

    /// <summary>Builds a network from model bytes; <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model.</exception>
    public static Network Deserialize(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < HeaderBytes + 8 + ChecksumBytes)
        {
            throw Invalid(source, $"it is {bytes.Length} bytes, shorter than any model (truncated?)");
        }

        if (!bytes[..4].SequenceEqual(Magic))
        {
            throw Invalid(source, "it does not start with the SpanNet model magic \"SPNN\"");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (version != Version && version != VersionWithoutPrediction)
        {
            throw Invalid(source, $"it is format version {version}; this SpanNet reads versions {VersionWithoutPrediction} and {Version}");
        }

        int inputs = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        int layerCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (inputs <= 0 || layerCount <= 0 || layerCount > MaxLayers)
        {
            throw Invalid(source, $"its header gives {inputs} inputs and {layerCount} layers");
        }

        long lossAt = HeaderBytes + ((long)layerCount * LayerBytes);
        long parametersAt = lossAt + TrailerBytes(version);
        if (bytes.Length < parametersAt + ChecksumBytes)
        {
            throw Invalid(source, "it ends inside the layer table (truncated)");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)(parametersAt - 4)..]);
        long expectedLength = parametersAt + ((long)count * sizeof(float)) + ChecksumBytes;
        if (count < 0 || bytes.Length != expectedLength)
        {
            throw Invalid(source, $"it is {bytes.Length} bytes but its header describes {expectedLength} (truncated or padded)");
        }

        int payload = bytes.Length - ChecksumBytes;
        Span<byte> hash = stackalloc byte[ChecksumBytes];
        SHA256.HashData(bytes[..payload], hash);
        if (!hash.SequenceEqual(bytes[payload..]))
        {
            throw Invalid(source, "its SHA-256 checksum does not match its contents (altered or corrupt)");
        }

        var layers = new Layer[layerCount];
        int width = inputs;
        for (int i = 0; i < layerCount; i++)
        {
            ReadOnlySpan<byte> entry = bytes.Slice(HeaderBytes + (i * LayerBytes), LayerBytes);
            int code = BinaryPrimitives.ReadInt32LittleEndian(entry);
            int outputs = BinaryPrimitives.ReadInt32LittleEndian(entry[4..]);
            int flags = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
            float alpha = BinaryPrimitives.ReadSingleLittleEndian(entry[12..]);
            ActivationDescriptor? activation = ActivationDescriptors.FindByModelFileCode(code);
            layers[i] = code switch
            {
                DenseCode when outputs > 0 => new Dense(width, outputs, (flags & 1) != 0),
                SoftmaxCode when outputs == width => new SoftmaxLayer(width),
                _ when activation is not null && outputs == width && activation.IsValidAlpha(alpha) => new ActivationLayer(activation, width, alpha),
                _ => throw Invalid(source, $"layer {i} (code {code}, {outputs} outputs after {width}) is not a valid layer"),
            };
            width = outputs;
        }

        var lossKind = (LossKind)BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)lossAt..]);
        LossFunction loss = lossKind switch
        {
            LossKind.SoftmaxCrossEntropy => new SoftmaxCrossEntropyLoss(),
            LossKind.CrossEntropy => new CrossEntropyLoss(),
            LossKind.HalfSumSquaredError => new SquaredErrorLoss(SquaredErrorConvention.HalfSum),
            LossKind.MeanSquaredError => new SquaredErrorLoss(SquaredErrorConvention.Mean),
            LossKind.BinaryCrossEntropy => new BinaryCrossEntropyLoss(),
            _ => throw Invalid(source, $"its loss kind {(int)lossKind} is unknown"),
        };

        PredictionOutput prediction = version == VersionWithoutPrediction
            ? Predictions.DefaultFor(loss)
            : (PredictionOutput)BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)(lossAt + 4)..]);
        if (!Predictions.IsDefined(prediction))
        {
            throw Invalid(source, $"its prediction output {(int)prediction} is unknown");
        }

        Network network = NetworkBuilder.FromLayers(inputs, layers, loss, prediction);
        if (network.Parameters.Length != count)
        {
            network.Dispose();
            throw Invalid(source, $"its layers need {network.Parameters.Length} parameters but it stores {count}");
        }

        Span<float> values = network.Parameters.Values;
        for (int i = 0; i < count; i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(bytes[(int)(parametersAt + (i * sizeof(float)))..]);
            if (!float.IsFinite(value))
            {
                network.Dispose();
                throw Invalid(source, $"parameter {i} is {value}");
            }

            values[i] = value;
        }

        return network;
    }

    /// <summary>The bytes between the layer table and the parameters: loss, (prediction,) parameter count.</summary>
    private static int TrailerBytes(int version) => version == VersionWithoutPrediction ? 8 : 12;

    private static InvalidDataException Invalid(string source, string reason) =>
        new($"'{source}' is not a usable SpanNet model: {reason}.");

    /// <summary>The code the file stores for a layer: fixed for dense and softmax, the descriptor's for an activation.</summary>
    private static int LayerCode(Layer layer) => layer switch
    {
        ActivationLayer activation => activation.Descriptor.ModelFileCode,
        SoftmaxLayer => SoftmaxCode,
        _ => DenseCode,
    };
}
