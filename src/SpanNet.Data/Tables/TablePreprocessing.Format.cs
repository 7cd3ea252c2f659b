using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SpanNet.Data.Tables;

/// <summary>
/// The stored form of a <see cref="TablePreprocessing"/>, kept as the model file's input-schema section. All integers
/// and floats are little-endian; a string is an int32 byte count then that many UTF-8 bytes:
/// <code>
/// "SPTB"           4 bytes   magic
/// version          int32     1
/// task             int32     TableTask (1 classification, 2 regression)
/// label            string
/// column count     int32     1 to TableLimits.MaxColumns
/// per column       name string, kind int32 (ColumnKind), mean float32, scale float32, flags int32 (bit 0: missing
///                  slot, categorical only), category count int32, categories (strings, ordinal ascending)
/// class count      int32     2 to MaxClasses for classification, 0 for regression
/// class names      strings, unique
/// target mean      float32   (0 for classification)
/// target scale     float32   (1 for classification)
/// </code>
/// Parsing checks every field before it allocates anything sized by it: names 1 to <see cref="TableLimits.MaxNameBytes"/>
/// bytes of valid UTF-8, column names unique, counts no larger than the bytes left could hold, means finite, scales
/// finite and positive, a numeric column with no categories and no flags, a categorical column with mean 0, scale 1
/// and at least one slot, at most <see cref="MaxFeatures"/> features in all, and no byte left over.
/// </summary>
public sealed partial class TablePreprocessing
{
    /// <summary>The format version <see cref="ToBytes"/> writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The largest stored preprocessing accepted: 16 MiB, the model file's limit for its input schema.</summary>
    public const int MaxBytes = 1 << 24;

    /// <summary>The most network inputs a preprocessing may produce (the model file's widest input, 2²⁰).</summary>
    public const int MaxFeatures = 1 << 20;

    /// <summary>The most classes a stored preprocessing may name.</summary>
    public const int MaxClasses = TableLimits.MaxColumns;

    private const int ColumnFixedBytes = 4 + 4 + 4 + 4 + 4 + 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Magic => "SPTB"u8;

    /// <summary>The stored form (see the type's remarks), which <see cref="Parse"/> reads back.</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(Magic);
        WriteInt32(buffer, FormatVersion);
        WriteInt32(buffer, (int)Task);
        WriteString(buffer, LabelName);
        WriteInt32(buffer, _columns.Length);
        foreach (FeatureColumn column in _columns)
        {
            WriteString(buffer, column.Name);
            WriteInt32(buffer, (int)column.Kind);
            WriteSingle(buffer, column.Mean);
            WriteSingle(buffer, column.Scale);
            WriteInt32(buffer, column.HasMissingSlot ? 1 : 0);
            WriteInt32(buffer, column.Categories.Count);
            foreach (string category in column.Categories)
            {
                WriteString(buffer, category);
            }
        }

        WriteInt32(buffer, _classNames.Length);
        foreach (string name in _classNames)
        {
            WriteString(buffer, name);
        }

        WriteSingle(buffer, TargetMean);
        WriteSingle(buffer, TargetScale);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored preprocessing; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">A field is out of range, truncated or inconsistent; the message names it.</exception>
    public static TablePreprocessing Parse(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.Length > MaxBytes)
        {
            throw Invalid(source, "length", $"it is {bytes.Length} bytes; at most {MaxBytes}");
        }

        var reader = new Reader(bytes, source);
        if (bytes.Length < Magic.Length || !bytes.StartsWith(Magic))
        {
            throw Invalid(source, "magic", "it does not start with \"SPTB\"");
        }

        reader.Skip(Magic.Length);
        int version = reader.Int32("version");
        if (version != FormatVersion)
        {
            throw Invalid(source, "version", $"it is {version}; this SpanNet reads {FormatVersion}");
        }

        var task = (TableTask)reader.Int32("task");
        if (task is not (TableTask.Classification or TableTask.Regression))
        {
            throw Invalid(source, "task", $"{(int)task} is not a task");
        }

        string label = reader.String("label");
        int columnCount = reader.Count("column count", 1, TableLimits.MaxColumns, ColumnFixedBytes);
        var columns = new FeatureColumn[columnCount];
        var names = new HashSet<string>(StringComparer.Ordinal);
        long features = 0;
        for (int c = 0; c < columnCount; c++)
        {
            string field = $"column {c}";
            string name = reader.String(field + " name");
            if (!names.Add(name))
            {
                throw Invalid(source, field + " name", $"'{name}' names two columns");
            }

            var kind = (ColumnKind)reader.Int32(field + " kind");
            float mean = reader.Single(field + " mean");
            float scale = reader.Single(field + " scale");
            int flags = reader.Int32(field + " flags");
            int categoryCount = reader.Count(field + " category count", 0, MaxClasses, 4);
            if (!float.IsFinite(mean) || !float.IsFinite(scale) || !(scale > 0))
            {
                throw Invalid(source, field, $"mean {mean} and scale {scale}: the mean must be finite and the scale finite and positive");
            }

            if (kind == ColumnKind.Numeric)
            {
                if (flags != 0 || categoryCount != 0)
                {
                    throw Invalid(source, field, "a numeric column has no flags and no categories");
                }

                columns[c] = new FeatureColumn(name, kind, mean, scale, [], hasMissingSlot: false);
                features++;
                continue;
            }

            if (kind != ColumnKind.Categorical)
            {
                throw Invalid(source, field + " kind", $"{(int)kind} is not a column kind");
            }

            if ((flags & ~1) != 0 || mean != 0 || scale != 1 || (categoryCount == 0 && flags == 0))
            {
                throw Invalid(source, field, "a categorical column has mean 0, scale 1, flags 0 or 1, and at least one slot");
            }

            string[] categories = new string[categoryCount];
            for (int i = 0; i < categoryCount; i++)
            {
                categories[i] = reader.String($"{field} category {i}");
                if (i > 0 && string.CompareOrdinal(categories[i - 1], categories[i]) >= 0)
                {
                    throw Invalid(source, $"{field} category {i}", "categories must be unique and in ordinal order");
                }
            }

            columns[c] = new FeatureColumn(name, kind, 0f, 1f, categories, flags == 1);
            features += columns[c].Width;
        }

        if (features > MaxFeatures)
        {
            throw Invalid(source, "columns", $"they give {features} features; at most {MaxFeatures}");
        }

        int classCount = task == TableTask.Classification
            ? reader.Count("class count", 2, MaxClasses, 4)
            : reader.Count("class count", 0, 0, 4);
        string[] classNames = new string[classCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < classCount; i++)
        {
            classNames[i] = reader.String($"class {i}");
            if (!seen.Add(classNames[i]))
            {
                throw Invalid(source, $"class {i}", $"'{classNames[i]}' names two classes");
            }
        }

        float targetMean = reader.Single("target mean");
        float targetScale = reader.Single("target scale");
        bool targetValid = task == TableTask.Regression
            ? float.IsFinite(targetMean) && float.IsFinite(targetScale) && targetScale > 0
            : targetMean == 0 && targetScale == 1;
        if (!targetValid)
        {
            throw Invalid(source, "target scaling", $"mean {targetMean} and scale {targetScale} do not fit a {task} model");
        }

        if (reader.Remaining != 0)
        {
            throw Invalid(source, "length", $"{reader.Remaining} bytes follow the last field");
        }

        return new TablePreprocessing(task, label, columns, classNames, targetMean, targetScale);
    }

    private static InvalidDataException Invalid(string source, string field, string reason) =>
        new($"'{source}' input schema, {field}: {reason}.");

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteSingle(ArrayBufferWriter<byte> buffer, float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string text)
    {
        int length = StrictUtf8.GetByteCount(text);
        WriteInt32(buffer, length);
        buffer.Advance(StrictUtf8.GetBytes(text, buffer.GetSpan(length)));
    }

    /// <summary>Reads fields in order, each checked against the bytes left before it is used.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _bytes;
        private readonly string _source;
        private int _at;

        public Reader(ReadOnlySpan<byte> bytes, string source)
        {
            _bytes = bytes;
            _source = source;
        }

        public readonly int Remaining => _bytes.Length - _at;

        public void Skip(int count) => _at += count;

        public int Int32(string field)
        {
            Need(4, field);
            int value = BinaryPrimitives.ReadInt32LittleEndian(_bytes[_at..]);
            _at += 4;
            return value;
        }

        public float Single(string field)
        {
            Need(4, field);
            float value = BinaryPrimitives.ReadSingleLittleEndian(_bytes[_at..]);
            _at += 4;
            return value;
        }

        /// <summary>A count in [minimum, maximum] whose items, at least <paramref name="bytesEach"/> bytes each, fit in the bytes left.</summary>
        public int Count(string field, int minimum, int maximum, int bytesEach)
        {
            int count = Int32(field);
            if (count < minimum || count > maximum)
            {
                throw Invalid(_source, field, $"it is {count}; it must be {minimum} to {maximum}");
            }

            if ((long)count * bytesEach > Remaining)
            {
                throw Invalid(_source, field, $"{count} items need at least {(long)count * bytesEach} bytes but {Remaining} are left (truncated)");
            }

            return count;
        }

        public string String(string field)
        {
            int length = Int32(field + " length");
            if (length is < 1 or > TableLimits.MaxNameBytes)
            {
                throw Invalid(_source, field, $"its length is {length} bytes; a name has 1 to {TableLimits.MaxNameBytes}");
            }

            Need(length, field);
            string text;
            try
            {
                text = StrictUtf8.GetString(_bytes.Slice(_at, length));
            }
            catch (DecoderFallbackException)
            {
                throw Invalid(_source, field, "it is not valid UTF-8");
            }

            _at += length;
            return text;
        }

        private readonly void Need(int count, string field)
        {
            if (count > Remaining)
            {
                throw Invalid(_source, field, "the bytes end inside it (truncated)");
            }
        }
    }
}
