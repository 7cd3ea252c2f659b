using System;
using System.Buffers.Binary;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.IO;

/// <summary>
/// A model file checked field by field (see <see cref="ModelFile"/> for the format and the limits): the layers, the
/// loss, what the model predicts and a view of the stored parameters, every one of them finite. Making one allocates only the layer objects;
/// whoever needs the weights (a training network, an inference model) allocates them from the validated shape.
/// </summary>
internal readonly ref struct ModelDescription
{
    private const int HeaderBytes = 16;
    private const int LayerBytes = 16;
    private const int ChecksumBytes = 32;
    private const int DenseHasBias = 1;

    /// <summary>The first format version, before the prediction field: still read.</summary>
    internal const int VersionWithoutPrediction = 1;

    /// <summary>The second format version, before the input-schema section: still read.</summary>
    internal const int VersionWithoutInputSchema = 2;

    /// <summary>The int32 length in front of the input-schema section (version 3 on).</summary>
    private const int SchemaLengthBytes = 4;

    /// <summary>The layer code of a dense layer; an activation's code is its descriptor's.</summary>
    internal const int DenseCode = 1;

    /// <summary>The layer code of a softmax layer.</summary>
    internal const int SoftmaxCode = 7;

    private readonly ReadOnlySpan<byte> _parameters;

    private ModelDescription(int inputs, Layer[] layers, LossFunction loss, PredictionOutput prediction, ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> inputSchema)
    {
        Inputs = inputs;
        Layers = layers;
        Loss = loss;
        Prediction = prediction;
        _parameters = parameters;
        InputSchema = inputSchema;
    }

    public int Inputs { get; }

    public Layer[] Layers { get; }

    public LossFunction Loss { get; }

    public PredictionOutput Prediction { get; }

    /// <summary>The input-schema section's bytes, uninterpreted (empty when the file has none, and for versions 1 and 2).</summary>
    public ReadOnlySpan<byte> InputSchema { get; }

    /// <summary>Bytes of a file of format <paramref name="version"/> with <paramref name="layers"/> layers, <paramref name="parameters"/> parameters and an input schema of <paramref name="schemaBytes"/> bytes.</summary>
    public static long FileLength(int version, int layers, long parameters, long schemaBytes = 0) =>
        HeaderBytes + ((long)layers * LayerBytes) + TrailerBytes(version) + (parameters * sizeof(float))
        + (version > VersionWithoutInputSchema ? SchemaLengthBytes + schemaBytes : 0) + ChecksumBytes;

    /// <summary>The bytes between the layer table and the parameters: loss, (prediction,) parameter count.</summary>
    public static int TrailerBytes(int version) => version == VersionWithoutPrediction ? 8 : 12;

    /// <summary>Copies the stored parameters <c>[start, start + destination.Length)</c> into <paramref name="destination"/>.</summary>
    public void CopyParameters(int start, Span<float> destination)
    {
        ReadOnlySpan<byte> source = _parameters.Slice(start * sizeof(float), destination.Length * sizeof(float));
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * sizeof(float))..]);
        }
    }

    /// <summary>Checks every field of <paramref name="bytes"/>; <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="System.IO.InvalidDataException">The bytes are not a valid model.</exception>
    public static ModelDescription Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < FileLength(VersionWithoutPrediction, 0, 0))
        {
            throw ModelFile.Invalid(source, $"it is {bytes.Length} bytes, shorter than any model (truncated?)");
        }

        if (!ModelFile.HasMagic(bytes))
        {
            throw ModelFile.Invalid(source, "it does not start with the SpanNet model magic \"SPNN\"");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (version is < VersionWithoutPrediction or > ModelFile.Version)
        {
            throw ModelFile.Invalid(source, $"it is format version {version}; this SpanNet reads versions {VersionWithoutPrediction} to {ModelFile.Version}");
        }

        int inputs = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        int layerCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (inputs is <= 0 or > ModelFile.MaxWidth)
        {
            throw ModelFile.Invalid(source, $"its inputs field is {inputs}; it must be 1 to {ModelFile.MaxWidth}");
        }

        if (layerCount is <= 0 or > ModelFile.MaxLayers)
        {
            throw ModelFile.Invalid(source, $"its layer count field is {layerCount}; it must be 1 to {ModelFile.MaxLayers}");
        }

        long lossAt = HeaderBytes + ((long)layerCount * LayerBytes);
        long parametersAt = lossAt + TrailerBytes(version);
        if (bytes.Length < parametersAt + ChecksumBytes)
        {
            throw ModelFile.Invalid(source, "it ends inside the layer table (truncated)");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)(parametersAt - 4)..]);
        if (count is < 0 or > ModelFile.MaxParameters)
        {
            throw ModelFile.Invalid(source, $"its parameter count field is {count}; it must be 0 to {ModelFile.MaxParameters}");
        }

        long schemaLength = 0;
        if (version > VersionWithoutInputSchema)
        {
            long schemaAt = parametersAt + ((long)count * sizeof(float));
            if (bytes.Length < schemaAt + SchemaLengthBytes + ChecksumBytes)
            {
                throw ModelFile.Invalid(source, $"it is {bytes.Length} bytes, too short for its {count} parameters and the input-schema length (truncated)");
            }

            schemaLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)schemaAt..]);
            if (schemaLength is < 0 or > ModelFile.MaxInputSchemaBytes)
            {
                throw ModelFile.Invalid(source, $"its input-schema length field is {schemaLength}; it must be 0 to {ModelFile.MaxInputSchemaBytes}");
            }
        }

        long expectedLength = FileLength(version, layerCount, count, schemaLength);
        if (bytes.Length != expectedLength)
        {
            throw ModelFile.Invalid(source, $"it is {bytes.Length} bytes but its header describes {expectedLength} (truncated or padded)");
        }

        int payload = bytes.Length - ChecksumBytes;
        Span<byte> hash = stackalloc byte[ChecksumBytes];
        System.Security.Cryptography.SHA256.HashData(bytes[..payload], hash);
        if (!hash.SequenceEqual(bytes[payload..]))
        {
            throw ModelFile.Invalid(source, "its SHA-256 checksum does not match its contents (altered or corrupt)");
        }

        ReadOnlySpan<byte> table = bytes.Slice(HeaderBytes, layerCount * LayerBytes);
        long needed = CheckLayerTable(table, inputs, source);
        if (needed != count)
        {
            throw ModelFile.Invalid(source, $"its layers need {needed} parameters but its parameter count field is {count}");
        }

        var lossKind = (LossKind)BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)lossAt..]);
        if (lossKind is < LossKind.SoftmaxCrossEntropy or > LossKind.BinaryCrossEntropy)
        {
            throw ModelFile.Invalid(source, $"its loss kind field {(int)lossKind} is unknown");
        }

        LossFunction loss = BuildLoss(lossKind);
        PredictionOutput prediction = version == VersionWithoutPrediction
            ? Predictions.DefaultFor(loss)
            : (PredictionOutput)BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)(lossAt + 4)..]);
        if (!Predictions.IsDefined(prediction))
        {
            throw ModelFile.Invalid(source, $"its prediction output {(int)prediction} is unknown");
        }

        ReadOnlySpan<byte> parameters = bytes.Slice((int)parametersAt, count * sizeof(float));
        for (int i = 0; i < count; i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(parameters[(i * sizeof(float))..]);
            if (!float.IsFinite(value))
            {
                throw ModelFile.Invalid(source, $"parameter {i} is {value}");
            }
        }

        ReadOnlySpan<byte> inputSchema = schemaLength == 0
            ? []
            : bytes.Slice((int)(parametersAt + ((long)count * sizeof(float)) + SchemaLengthBytes), (int)schemaLength);
        return new ModelDescription(inputs, BuildLayers(table, inputs), loss, prediction, parameters, inputSchema);
    }

    /// <summary>Validates every layer entry and returns the parameters they need, in checked 64-bit arithmetic.</summary>
    private static long CheckLayerTable(ReadOnlySpan<byte> table, int inputs, string source)
    {
        long parameters = 0;
        long activations = inputs;
        int width = inputs;
        for (int i = 0; i * LayerBytes < table.Length; i++)
        {
            ReadOnlySpan<byte> entry = table.Slice(i * LayerBytes, LayerBytes);
            int code = BinaryPrimitives.ReadInt32LittleEndian(entry);
            int outputs = BinaryPrimitives.ReadInt32LittleEndian(entry[4..]);
            int flags = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
            int alphaBits = BinaryPrimitives.ReadInt32LittleEndian(entry[12..]);
            float alpha = BitConverter.Int32BitsToSingle(alphaBits);
            ActivationDescriptor? activation = ActivationDescriptors.FindByModelFileCode(code);
            if (code is not (DenseCode or SoftmaxCode) && activation is null)
            {
                throw ModelFile.Invalid(source, $"layer {i}'s kind code {code} is unknown");
            }

            string kind = code switch { DenseCode => "Dense", SoftmaxCode => "Softmax", _ => activation!.Name };
            if (code == DenseCode)
            {
                if (outputs is <= 0 or > ModelFile.MaxWidth)
                {
                    throw ModelFile.Invalid(source, $"layer {i} (Dense) has {outputs} outputs; a layer has 1 to {ModelFile.MaxWidth}");
                }

                if ((flags & ~DenseHasBias) != 0)
                {
                    throw ModelFile.Invalid(source, $"layer {i} (Dense) has flags 0x{flags:X8}; only bit 0 (bias) is defined");
                }

                parameters = checked(parameters + ((long)width * outputs) + ((flags & DenseHasBias) != 0 ? outputs : 0));
                if (parameters > ModelFile.MaxParameters)
                {
                    throw ModelFile.Invalid(source, $"its layers up to layer {i} need {parameters} parameters, more than the limit of {ModelFile.MaxParameters}");
                }
            }
            else
            {
                if (outputs != width)
                {
                    throw ModelFile.Invalid(source, $"layer {i} ({kind}) has {outputs} outputs after {width}; an element-wise layer keeps the width");
                }

                if (flags != 0)
                {
                    throw ModelFile.Invalid(source, $"layer {i} ({kind}) has flags 0x{flags:X8}; only a dense layer has flags");
                }
            }

            if (activation is { HasAlpha: true })
            {
                if (!activation.IsValidAlpha(alpha))
                {
                    throw ModelFile.Invalid(source, $"layer {i} ({kind}) has α (slope) {alpha}; it must be {activation.AlphaRange}");
                }
            }
            else if (alphaBits != 0)
            {
                throw ModelFile.Invalid(source, $"layer {i} ({kind}) has α (slope) {alpha}; only leaky ReLU and ELU take one, and it must be stored as 0");
            }

            activations += outputs;
            if (activations > ModelFile.MaxActivationsPerSample)
            {
                throw ModelFile.Invalid(source, $"its layers up to layer {i} give {activations} activations per sample, more than the limit of {ModelFile.MaxActivationsPerSample}");
            }

            width = outputs;
        }

        return parameters;
    }

    private static Layer[] BuildLayers(ReadOnlySpan<byte> table, int inputs)
    {
        var layers = new Layer[table.Length / LayerBytes];
        int width = inputs;
        for (int i = 0; i < layers.Length; i++)
        {
            ReadOnlySpan<byte> entry = table.Slice(i * LayerBytes, LayerBytes);
            int code = BinaryPrimitives.ReadInt32LittleEndian(entry);
            int outputs = BinaryPrimitives.ReadInt32LittleEndian(entry[4..]);
            int flags = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
            float alpha = BinaryPrimitives.ReadSingleLittleEndian(entry[12..]);
            layers[i] = code switch
            {
                DenseCode => new Dense(width, outputs, (flags & DenseHasBias) != 0),
                SoftmaxCode => new SoftmaxLayer(width),
                _ => new ActivationLayer(ActivationDescriptors.FindByModelFileCode(code)!, width, alpha),
            };
            width = outputs;
        }

        return layers;
    }

    private static LossFunction BuildLoss(LossKind kind) => kind switch
    {
        LossKind.SoftmaxCrossEntropy => new SoftmaxCrossEntropyLoss(),
        LossKind.CrossEntropy => new CrossEntropyLoss(),
        LossKind.HalfSumSquaredError => new SquaredErrorLoss(SquaredErrorConvention.HalfSum),
        LossKind.MeanSquaredError => new SquaredErrorLoss(SquaredErrorConvention.Mean),
        _ => new BinaryCrossEntropyLoss(),
    };
}
