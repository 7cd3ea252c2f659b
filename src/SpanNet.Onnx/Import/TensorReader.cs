using System;
using System.Buffers.Binary;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx.Import;

/// <summary>
/// Reads initializers and constants after checking them whole: data type, storage (embedded, never external), dims
/// (non-negative, product by checked arithmetic within <see cref="OnnxImporter.MaxParameters"/>) and that the data
/// present is exactly that many elements. Every failure is an <see cref="OnnxImportException"/> naming the tensor.
/// </summary>
internal static class TensorReader
{
    private const int MaxRank = 8;

    /// <summary>A float32 tensor; <paramref name="where"/> says which node or graph slot uses it.</summary>
    public static FloatTensor Float(TensorProto tensor, string where)
    {
        int count = CheckedCount(tensor, TensorProto.Types.DataType.Float, where);
        if (tensor.RawData.Length > 0)
        {
            if (tensor.FloatData.Count > 0 || tensor.RawData.Length != (long)count * sizeof(float))
            {
                throw Fail(tensor, where, $"its dims {Shape(tensor)} give {count} floats ({(long)count * sizeof(float)} bytes) but it holds {tensor.RawData.Length} bytes of raw_data and {tensor.FloatData.Count} float_data values");
            }

            return new FloatTensor(tensor.Name, [.. tensor.Dims], count, tensor.RawData.Memory, null);
        }

        if (tensor.FloatData.Count != count)
        {
            throw Fail(tensor, where, $"its dims {Shape(tensor)} give {count} floats but it holds {tensor.FloatData.Count} float_data values");
        }

        return new FloatTensor(tensor.Name, [.. tensor.Dims], count, ReadOnlyMemory<byte>.Empty, tensor.FloatData);
    }

    /// <summary>An int64 tensor of at most <paramref name="maxCount"/> elements (a Reshape shape).</summary>
    public static long[] Int64(TensorProto tensor, string where, int maxCount)
    {
        int count = CheckedCount(tensor, TensorProto.Types.DataType.Int64, where);
        if (count > maxCount)
        {
            throw Fail(tensor, where, $"it has {count} elements; at most {maxCount} are supported here");
        }

        var values = new long[count];
        if (tensor.RawData.Length > 0)
        {
            if (tensor.Int64Data.Count > 0 || tensor.RawData.Length != (long)count * sizeof(long))
            {
                throw Fail(tensor, where, $"its dims {Shape(tensor)} give {count} int64 values but it holds {tensor.RawData.Length} bytes of raw_data");
            }

            ReadOnlySpan<byte> raw = tensor.RawData.Span;
            for (int i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * sizeof(long), sizeof(long)));
            }

            return values;
        }

        if (tensor.Int64Data.Count != count)
        {
            throw Fail(tensor, where, $"its dims {Shape(tensor)} give {count} int64 values but it holds {tensor.Int64Data.Count} int64_data values");
        }

        tensor.Int64Data.CopyTo(values, 0);
        return values;
    }

    /// <summary>A single bool (Dropout's training_mode), stored as raw bytes or int32_data.</summary>
    public static bool Bool(TensorProto tensor, string where)
    {
        int count = CheckedCount(tensor, TensorProto.Types.DataType.Bool, where);
        if (count != 1)
        {
            throw Fail(tensor, where, $"it has {count} elements; a single bool is expected");
        }

        if (tensor.RawData.Length == 1 && tensor.Int32Data.Count == 0)
        {
            return tensor.RawData[0] != 0;
        }

        if (tensor.RawData.Length == 0 && tensor.Int32Data.Count == 1)
        {
            return tensor.Int32Data[0] != 0;
        }

        throw Fail(tensor, where, "it does not hold exactly one bool value");
    }

    /// <summary>The tensor's element count after checking its type, storage and dims.</summary>
    private static int CheckedCount(TensorProto tensor, TensorProto.Types.DataType expected, string where)
    {
        if (tensor.DataLocation != TensorProto.Types.DataLocation.Default || tensor.ExternalData.Count > 0)
        {
            throw Fail(tensor, where, "its data is stored outside the model (data_location = EXTERNAL, a .onnx.data file); SpanNet imports only tensors embedded in the model file");
        }

        if (tensor.DataType != (int)expected)
        {
            throw Fail(tensor, where, $"its data type is {TypeName(tensor.DataType)}; {TypeName((int)expected)} is required here (SpanNet imports float32 weights only)");
        }

        if (tensor.Dims.Count > MaxRank)
        {
            throw Fail(tensor, where, $"it has {tensor.Dims.Count} dims; at most {MaxRank} are supported");
        }

        long count = 1;
        foreach (long dim in tensor.Dims)
        {
            if (dim < 0)
            {
                throw Fail(tensor, where, $"its dims {Shape(tensor)} include a negative size");
            }

            if (dim > OnnxImporter.MaxParameters)
            {
                throw Fail(tensor, where, $"its dims {Shape(tensor)} exceed the limit of {OnnxImporter.MaxParameters} elements");
            }

            // Both factors are at most MaxParameters (2^28), so the product cannot overflow a long.
            count *= dim;
            if (count > OnnxImporter.MaxParameters)
            {
                throw Fail(tensor, where, $"its dims {Shape(tensor)} exceed the limit of {OnnxImporter.MaxParameters} elements");
            }
        }

        return (int)count;
    }

    /// <summary>The ONNX name of a data type number, for messages.</summary>
    public static string TypeName(int dataType) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType)
            ? ((TensorProto.Types.DataType)dataType).ToString().ToLowerInvariant() switch
            {
                "float" => "float32",
                "double" => "float64",
                string other => other,
            }
            : $"unknown type {dataType}";

    private static string Shape(TensorProto tensor) => "[" + string.Join(", ", tensor.Dims) + "]";

    private static OnnxImportException Fail(TensorProto tensor, string where, string reason) =>
        new($"{where}: tensor '{tensor.Name}': {reason}.");
}
