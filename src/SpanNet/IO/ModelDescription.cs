using System;
using System.Buffers.Binary;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.IO;

/// <summary>
/// A model file checked field by field (see <see cref="ModelFile"/> for the format and the limits): the layers, the
/// loss, what the model predicts and views of the stored parameters and state, every one of them finite. Making one
/// allocates only the layer objects and their records; whoever needs the numbers (a training network, an inference
/// model) allocates them from the validated shape.
/// </summary>
internal readonly ref struct ModelDescription
{
    private const int HeaderBytes = 16;
    private const int EarlyRecordBytes = 16;
    private const int RecordBytes = 24;
    private const int ChecksumBytes = 32;

    /// <summary>The int32 length in front of the input-schema section (version 3 on).</summary>
    private const int SchemaLengthBytes = 4;

    /// <summary>The first format version, before the prediction field: still read.</summary>
    internal const int VersionWithoutPrediction = 1;

    /// <summary>The format version before layer records grew to 24 bytes and the state block came: still read.</summary>
    internal const int VersionWithoutState = 2;

    private readonly ReadOnlySpan<byte> _parameters;
    private readonly ReadOnlySpan<byte> _state;

    private ModelDescription(int inputs, Layer[] layers, LossFunction loss, PredictionOutput prediction, ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> state, ReadOnlySpan<byte> inputSchema)
    {
        Inputs = inputs;
        Layers = layers;
        Loss = loss;
        Prediction = prediction;
        _parameters = parameters;
        _state = state;
        InputSchema = inputSchema;
    }

    public int Inputs { get; }

    public Layer[] Layers { get; }

    public LossFunction Loss { get; }

    public PredictionOutput Prediction { get; }

    public int ParameterCount => _parameters.Length / sizeof(float);

    public int StateCount => _state.Length / sizeof(float);

    /// <summary>The input-schema section's bytes, uninterpreted (empty when the file has none, and for versions 1 and 2).</summary>
    public ReadOnlySpan<byte> InputSchema { get; }

    /// <summary>The bytes of one layer record in format <paramref name="version"/>.</summary>
    public static int RecordLength(int version) => version >= LayerKinds.FirstVersionWithBlocks ? RecordBytes : EarlyRecordBytes;

    /// <summary>
    /// Bytes of a file of format <paramref name="version"/> with <paramref name="records"/> layer records,
    /// <paramref name="parameters"/> parameters, <paramref name="state"/> state values and an input schema of
    /// <paramref name="schemaBytes"/> bytes.
    /// </summary>
    public static long FileLength(int version, int records, long parameters, long state = 0, long schemaBytes = 0) =>
        HeaderBytes + ((long)records * RecordLength(version)) + TrailerBytes(version) + ((parameters + state) * sizeof(float))
        + (version >= LayerKinds.FirstVersionWithBlocks ? SchemaLengthBytes + schemaBytes : 0) + ChecksumBytes;

    /// <summary>The bytes between the layer records and the numbers: loss, (prediction,) parameter count, (state count).</summary>
    public static int TrailerBytes(int version) => version switch
    {
        VersionWithoutPrediction => 8,
        VersionWithoutState => 12,
        _ => 16,
    };

    /// <summary>Copies the stored parameters <c>[start, start + destination.Length)</c> into <paramref name="destination"/>.</summary>
    public void CopyParameters(int start, Span<float> destination) => Copy(_parameters, start, destination);

    /// <summary>Copies the stored state <c>[start, start + destination.Length)</c> into <paramref name="destination"/>.</summary>
    public void CopyState(int start, Span<float> destination) => Copy(_state, start, destination);

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
        int recordCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (inputs is <= 0 or > ModelFile.MaxWidth)
        {
            throw ModelFile.Invalid(source, $"its inputs field is {inputs}; it must be 1 to {ModelFile.MaxWidth}");
        }

        if (recordCount is <= 0 or > ModelFile.MaxLayers)
        {
            throw ModelFile.Invalid(source, $"its layer count field is {recordCount}; it must be 1 to {ModelFile.MaxLayers}");
        }

        long lossAt = HeaderBytes + ((long)recordCount * RecordLength(version));
        long parametersAt = lossAt + TrailerBytes(version);
        if (bytes.Length < parametersAt + ChecksumBytes)
        {
            throw ModelFile.Invalid(source, "it ends inside the layer table (truncated)");
        }

        bool hasState = version >= LayerKinds.FirstVersionWithBlocks;
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)(parametersAt - (hasState ? 8 : 4))..]);
        if (count is < 0 or > ModelFile.MaxParameters)
        {
            throw ModelFile.Invalid(source, $"its parameter count field is {count}; it must be 0 to {ModelFile.MaxParameters}");
        }

        int stateCount = hasState ? BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)(parametersAt - 4)..]) : 0;
        if (stateCount is < 0 or > ModelFile.MaxParameters)
        {
            throw ModelFile.Invalid(source, $"its state count field is {stateCount}; it must be 0 to {ModelFile.MaxParameters}");
        }

        long schemaLength = 0;
        if (hasState)
        {
            long schemaAt = parametersAt + (((long)count + stateCount) * sizeof(float));
            if (bytes.Length < schemaAt + SchemaLengthBytes + ChecksumBytes)
            {
                throw ModelFile.Invalid(source, $"it is {bytes.Length} bytes, too short for its {count} parameters, {stateCount} state values and the input-schema length (truncated)");
            }

            schemaLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[(int)schemaAt..]);
            if (schemaLength is < 0 or > ModelFile.MaxInputSchemaBytes)
            {
                throw ModelFile.Invalid(source, $"its input-schema length field is {schemaLength}; it must be 0 to {ModelFile.MaxInputSchemaBytes}");
            }
        }

        long expectedLength = FileLength(version, recordCount, count, stateCount, schemaLength);
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

        Layer[] layers = ReadLayers(bytes.Slice(HeaderBytes, recordCount * RecordLength(version)), version, inputs, source);
        long neededParameters = 0, neededState = 0;
        foreach (Layer layer in layers)
        {
            neededParameters += layer.ParameterCount;
            neededState += layer.StateCount;
        }

        if (neededParameters != count)
        {
            throw ModelFile.Invalid(source, $"its layers need {neededParameters} parameters but its parameter count field is {count}");
        }

        if (neededState != stateCount)
        {
            throw ModelFile.Invalid(source, $"its layers need {neededState} state values but its state count field is {stateCount}");
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
        ReadOnlySpan<byte> state = bytes.Slice((int)parametersAt + parameters.Length, stateCount * sizeof(float));
        CheckFinite(parameters, "parameter", source);
        CheckFinite(state, "state value", source);
        CheckLayerStates(layers, state, source);
        ReadOnlySpan<byte> inputSchema = schemaLength == 0
            ? []
            : bytes.Slice((int)parametersAt + parameters.Length + state.Length + SchemaLengthBytes, (int)schemaLength);
        return new ModelDescription(inputs, layers, loss, prediction, parameters, state, inputSchema);
    }

    /// <summary>
    /// Reads every record into a layer, checking each before the next: known kind, width in range, the kind's own rules
    /// (<see cref="LayerKinds"/>), a block's inner layers present and chaining back to its width, and the limits on
    /// parameters and activations per sample, in checked 64-bit arithmetic.
    /// </summary>
    private static Layer[] ReadLayers(ReadOnlySpan<byte> table, int version, int inputs, string source)
    {
        int length = RecordLength(version);
        int recordCount = table.Length / length;
        var layers = new System.Collections.Generic.List<Layer>();
        var limits = new Limits(inputs);
        int width = inputs;
        for (int i = 0; i < recordCount; i++)
        {
            LayerRecord record = ReadRecord(table, i, version);
            Layer[] children = [];
            if (LayerKinds.IsBlock(record.Code) && LayerKinds.IsKnown(record.Code, version))
            {
                if (record.Children is <= 0 || record.Children > recordCount - i - 1)
                {
                    throw ModelFile.Invalid(source, $"layer {i} ({LayerKinds.NameOf(record.Code)}) claims {record.Children} inner layers; 1 to the {recordCount - i - 1} records after it may be");
                }

                children = new Layer[record.Children];
                int childWidth = width;
                for (int c = 0; c < children.Length; c++)
                {
                    int at = i + 1 + c;
                    LayerRecord childRecord = ReadRecord(table, at, version);
                    if (LayerKinds.IsBlock(childRecord.Code))
                    {
                        throw ModelFile.Invalid(source, $"layer {at} is a residual block inside a residual block; blocks do not nest");
                    }

                    children[c] = ReadLayer(childRecord, at, childWidth, [], version, ref limits, source);
                    childWidth = children[c].Outputs;
                }
            }

            layers.Add(ReadLayer(record, i, width, children, version, ref limits, source));
            width = layers[^1].Outputs;
            i += children.Length;
        }

        return [.. layers];
    }

    private static Layer ReadLayer(in LayerRecord record, int index, int inputs, Layer[] children, int version, ref Limits limits, string source)
    {
        string kind = LayerKinds.NameOf(record.Code);
        if (!LayerKinds.IsKnown(record.Code, version))
        {
            throw ModelFile.Invalid(source, $"layer {index}'s kind code {record.Code} is unknown");
        }

        if (record.Outputs is <= 0 or > ModelFile.MaxWidth)
        {
            throw ModelFile.Invalid(source, $"layer {index} ({kind}) has {record.Outputs} outputs; a layer has 1 to {ModelFile.MaxWidth}");
        }

        // A dense layer's size is checked before the layer exists, so its int arithmetic cannot wrap. (Its bit 0 is its
        // bias; Dense checks the flags when it reads the record.)
        long weights = record.Code == Dense.Code ? ((long)inputs * record.Outputs) + ((record.Flags & 1) != 0 ? record.Outputs : 0) : 0;
        if (limits.Parameters + weights > ModelFile.MaxParameters)
        {
            throw ModelFile.Invalid(source, $"its layers up to layer {index} need {limits.Parameters + weights} parameters, more than the limit of {ModelFile.MaxParameters}");
        }

        limits.Activations += record.Outputs;
        if (limits.Activations > ModelFile.MaxActivationsPerSample)
        {
            throw ModelFile.Invalid(source, $"its layers up to layer {index} give {limits.Activations} activations per sample, more than the limit of {ModelFile.MaxActivationsPerSample}");
        }

        Layer layer;
        try
        {
            layer = LayerKinds.Read(record, inputs, children);
        }
        catch (InvalidLayerRecordException exception)
        {
            throw ModelFile.Invalid(source, $"layer {index} ({kind}) {exception.Message}");
        }

        // A block's parameters are its inner layers', counted as they were read.
        limits.Parameters += children.Length == 0 ? layer.ParameterCount : 0;
        if (limits.Parameters > ModelFile.MaxParameters)
        {
            throw ModelFile.Invalid(source, $"its layers up to layer {index} need {limits.Parameters} parameters, more than the limit of {ModelFile.MaxParameters}");
        }

        return layer;
    }

    private static LayerRecord ReadRecord(ReadOnlySpan<byte> table, int index, int version)
    {
        ReadOnlySpan<byte> entry = table.Slice(index * RecordLength(version), RecordLength(version));
        int code = BinaryPrimitives.ReadInt32LittleEndian(entry);
        int outputs = BinaryPrimitives.ReadInt32LittleEndian(entry[4..]);
        int flags = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
        float first = BinaryPrimitives.ReadSingleLittleEndian(entry[12..]);
        return version >= LayerKinds.FirstVersionWithBlocks
            ? new LayerRecord(code, outputs, flags, first, BinaryPrimitives.ReadSingleLittleEndian(entry[16..]), BinaryPrimitives.ReadInt32LittleEndian(entry[20..]))
            : new LayerRecord(code, outputs, flags, first, 0f, 0);
    }

    private static void CheckFinite(ReadOnlySpan<byte> values, string what, string source)
    {
        for (int i = 0; i < values.Length / sizeof(float); i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(values[(i * sizeof(float))..]);
            if (!float.IsFinite(value))
            {
                throw ModelFile.Invalid(source, $"{what} {i} is {value}");
            }
        }
    }

    /// <summary>Each layer's own rules on its stored state (a running variance is not negative, a divisor not 0).</summary>
    private static void CheckLayerStates(Layer[] layers, ReadOnlySpan<byte> state, string source)
    {
        int at = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            Layer layer = layers[i];
            if (layer.StateCount == 0)
            {
                continue;
            }

            var values = new float[layer.StateCount];
            Copy(state, at, values);
            try
            {
                layer.ValidateState(values);
            }
            catch (InvalidLayerRecordException exception)
            {
                throw ModelFile.Invalid(source, $"layer {i} ({layer.Name}) {exception.Message}");
            }

            at += layer.StateCount;
        }
    }

    private static void Copy(ReadOnlySpan<byte> source, int start, Span<float> destination)
    {
        ReadOnlySpan<byte> bytes = source.Slice(start * sizeof(float), destination.Length * sizeof(float));
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }
    }

    private static LossFunction BuildLoss(LossKind kind) => kind switch
    {
        LossKind.SoftmaxCrossEntropy => new SoftmaxCrossEntropyLoss(),
        LossKind.CrossEntropy => new CrossEntropyLoss(),
        LossKind.HalfSumSquaredError => new SquaredErrorLoss(Kernels.SquaredErrorConvention.HalfSum),
        LossKind.MeanSquaredError => new SquaredErrorLoss(Kernels.SquaredErrorConvention.Mean),
        _ => new BinaryCrossEntropyLoss(),
    };

    /// <summary>The running totals the limits apply to.</summary>
    private struct Limits(int inputs)
    {
        public long Parameters;
        public long Activations = inputs;
    }
}
