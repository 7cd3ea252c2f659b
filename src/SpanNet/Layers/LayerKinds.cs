using System;

namespace SpanNet.Layers;

/// <summary>
/// The registry of layer kinds: each kind's model-file code and how a record of it becomes a layer (every kind checks
/// its own record). The model file, and everything that reads one, loops over this table and switches on nothing.
/// Adding a kind is its file (the layer class, which owns its passes, state, inference step, reference, record and
/// ONNX nodes), one row here, and its tests; an activation is a row of <see cref="ActivationDescriptors"/> instead.
/// </summary>
internal static class LayerKinds
{
    /// <summary>The first model-file version whose records may hold kinds beyond dense, softmax and the first activations.</summary>
    public const int FirstVersionWithBlocks = 3;

    /// <summary>The codes versions 1 and 2 knew: dense, relu, leaky relu, sigmoid, tanh, step, softmax, elu.</summary>
    private const int HighestEarlyCode = 8;

    private delegate Layer Reader(in LayerRecord record, int inputs, Layer[] children);

    private static readonly (int Code, LayerKind Kind, Reader Read)[] Table =
    [
        (Dense.Code, LayerKind.Dense, static (in LayerRecord r, int inputs, Layer[] _) => Dense.Read(r, inputs)),
        (SoftmaxLayer.Code, LayerKind.Softmax, static (in LayerRecord r, int inputs, Layer[] _) => SoftmaxLayer.Read(r, inputs)),
        (BatchNorm.Code, LayerKind.BatchNorm, static (in LayerRecord r, int inputs, Layer[] _) => BatchNorm.Read(r, inputs)),
        (LayerNorm.Code, LayerKind.LayerNorm, static (in LayerRecord r, int inputs, Layer[] _) => LayerNorm.Read(r, inputs)),
        (Dropout.Code, LayerKind.Dropout, static (in LayerRecord r, int inputs, Layer[] _) => Dropout.Read(r, inputs)),
        (Standardize.Code, LayerKind.Standardize, static (in LayerRecord r, int inputs, Layer[] _) => Standardize.Read(r, inputs)),
        (PRelu.Code, LayerKind.PRelu, static (in LayerRecord r, int inputs, Layer[] _) => PRelu.Read(r, inputs)),
        (ResidualBlock.Code, LayerKind.Residual, ResidualBlock.Read),
    ];

    /// <summary>Whether <paramref name="code"/> is a layer kind or an activation of format <paramref name="version"/>.</summary>
    public static bool IsKnown(int code, int version) =>
        (version >= FirstVersionWithBlocks || code <= HighestEarlyCode) && (Find(code) is not null || ActivationDescriptors.FindByModelFileCode(code) is not null);

    /// <summary>Whether <paramref name="code"/> is a residual block, whose record is followed by its inner layers.</summary>
    public static bool IsBlock(int code) => code == ResidualBlock.Code;

    /// <summary>
    /// The layer <paramref name="record"/> describes, taking <paramref name="inputs"/> features (its inner layers already
    /// read, for a block).
    /// </summary>
    /// <exception cref="InvalidLayerRecordException">The record describes no valid layer of its kind.</exception>
    public static Layer Read(in LayerRecord record, int inputs, Layer[] children)
    {
        if (!IsBlock(record.Code) && record.Children != 0)
        {
            throw new InvalidLayerRecordException($"claims {record.Children} inner layers; only a residual block has any");
        }

        Reader? read = Find(record.Code);
        if (read is not null)
        {
            return read(record, inputs, children);
        }

        ActivationDescriptor descriptor = ActivationDescriptors.FindByModelFileCode(record.Code)
            ?? throw new InvalidLayerRecordException($"has the unknown kind code {record.Code}");
        return ActivationLayer.Read(descriptor, record, inputs);
    }

    /// <summary>The kind's name for messages: the layer kind, or the activation's name.</summary>
    public static string NameOf(int code)
    {
        foreach ((int Code, LayerKind Kind, Reader _) row in Table)
        {
            if (row.Code == code)
            {
                return row.Kind.ToString();
            }
        }

        return ActivationDescriptors.FindByModelFileCode(code)?.Name ?? $"code {code}";
    }

    /// <summary>An element-wise layer keeps its width.</summary>
    public static void RequireWidth(in LayerRecord record, int inputs)
    {
        if (record.Outputs != inputs)
        {
            throw new InvalidLayerRecordException($"has {record.Outputs} outputs after {inputs}; it keeps the width");
        }
    }

    /// <summary>Only the bits in <paramref name="allowed"/> may be set.</summary>
    public static void RequireFlags(in LayerRecord record, int allowed)
    {
        if ((record.Flags & ~allowed) != 0)
        {
            throw new InvalidLayerRecordException(allowed == 0
                ? $"has flags 0x{record.Flags:X8}; this kind has none"
                : $"has flags 0x{record.Flags:X8}; only 0x{allowed:X} may be set");
        }
    }

    /// <summary>A kind without numbers stores both as +0.</summary>
    public static void RequireNoNumbers(in LayerRecord record)
    {
        if (BitConverter.SingleToInt32Bits(record.First) != 0 || BitConverter.SingleToInt32Bits(record.Second) != 0)
        {
            throw new InvalidLayerRecordException($"has α (slope) {record.First} and β {record.Second}; this kind takes neither, and they must be stored as 0");
        }
    }

    private static Reader? Find(int code)
    {
        foreach ((int Code, LayerKind _, Reader Read) row in Table)
        {
            if (row.Code == code)
            {
                return row.Read;
            }
        }

        return null;
    }
}
