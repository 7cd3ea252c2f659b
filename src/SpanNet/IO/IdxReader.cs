using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;

namespace SpanNet.IO;

/// <summary>
/// Reads the IDX files MNIST is distributed in: the magic bytes <c>00 00</c>, the element type <c>08</c> (unsigned
/// byte), the number of dimensions, each dimension as a big-endian 32-bit integer, then the elements, row-major.
/// Image files have three dimensions (count, rows, columns) and label files one (count).
/// </summary>
/// <remarks>
/// Files may be raw or gzip-compressed; the gzip magic <c>1F 8B</c> is recognised and the data inflated on the fly.
/// Gzip is read strictly: one member filling the file, its header checked, its trailer's CRC-32 and size compared with
/// what was inflated; a cut file, a missing or damaged trailer, or bytes after the member are errors.
/// Everything wrong with a file is an <see cref="InvalidDataException"/> whose message names the file and the
/// problem: a truncated header, a wrong magic number or element type, a wrong number of dimensions, a zero dimension,
/// dimensions too large for one array, or a length that disagrees with the dimensions (truncated data or trailing
/// bytes). For a raw file the length is checked against the header before anything is allocated or written.
/// </remarks>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;
    private const int ChunkBytes = 1 << 16;

    // Gzip hides the inflated length, so a buffer for gzip data starts at most this large (and no larger than the
    // compressed data could inflate to) and doubles as data arrives: a header that declares more than the file holds
    // then costs what the file holds, not what it declares.
    private const int UnknownLengthInitialCapacity = 1 << 20;

    private const string UnnamedSource = "(stream)";

    private static readonly string[] ImageDimensionNames = ["count", "rows", "columns"];
    private static readonly string[] LabelDimensionNames = ["count"];

    /// <summary>Reads an IDX image file, raw or gzip-compressed, into a new array scaled to [0, 1].</summary>
    /// <param name="path">The file.</param>
    /// <returns>The images and their shape.</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX image file; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxImages ReadImages(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream file = OpenFile(path);
        using GzipMemberStream? inflater = InflaterFor(file);
        Stream data = inflater is null ? file : inflater;
        Header header = ReadHeader(data, path, ImageDimensionNames);
        float[] pixels = ReadAll<PixelDecoder, float>(data, header, path);
        return new IdxImages(pixels, ImageShape(header));
    }

    /// <summary>Reads an IDX image file, raw or gzip-compressed, into a caller's buffer, scaled to [0, 1].</summary>
    /// <param name="path">The file.</param>
    /// <param name="destination">Written: the first <c>count · rows · columns</c> elements; the rest is untouched.</param>
    /// <returns>The shape read.</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX image file; the message says why.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the file's pixel count.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxImageShape ReadImages(string path, Span<float> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream file = OpenFile(path);
        return ReadImages(file, destination, path);
    }

    /// <summary>
    /// Reads IDX image data from a stream into a caller's buffer, scaled to [0, 1]. The stream must end where the data
    /// ends. A seekable stream may hold gzip-compressed data; a non-seekable one must already be inflated.
    /// </summary>
    /// <param name="stream">The data, positioned at the magic number.</param>
    /// <param name="destination">Written: the first <c>count · rows · columns</c> elements; the rest is untouched.
    /// If the data turns out truncated, the part already read has been written.</param>
    /// <param name="sourceName">What to call the stream in error messages, such as its file name.</param>
    /// <returns>The shape read.</returns>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX image file; the message says why.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the data's pixel count.</exception>
    public static IdxImageShape ReadImages(Stream stream, Span<float> destination, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string name = sourceName ?? UnnamedSource;
        using GzipMemberStream? inflater = InflaterFor(stream);
        Stream data = inflater ?? stream;
        Header header = ReadHeader(data, name, ImageDimensionNames);
        Guard.AtLeast(destination.Length, header.Elements, nameof(destination));
        ReadExactly<PixelDecoder, float>(data, destination[..header.Elements], header, name);
        return ImageShape(header);
    }

    /// <summary>Reads an IDX label file, raw or gzip-compressed, as class indices.</summary>
    /// <param name="path">The file.</param>
    /// <returns>One label per item, each in [0, 255].</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX label file; the message says why.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static int[] ReadLabels(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream file = OpenFile(path);
        using GzipMemberStream? inflater = InflaterFor(file);
        Stream data = inflater is null ? file : inflater;
        Header header = ReadHeader(data, path, LabelDimensionNames);
        return ReadAll<LabelDecoder, int>(data, header, path);
    }

    /// <summary>
    /// Reads IDX label data from a stream into a caller's buffer as class indices. The stream must end where the data
    /// ends. A seekable stream may hold gzip-compressed data; a non-seekable one must already be inflated.
    /// </summary>
    /// <param name="stream">The data, positioned at the magic number.</param>
    /// <param name="destination">Written: the first <c>count</c> elements; the rest is untouched.</param>
    /// <param name="sourceName">What to call the stream in error messages, such as its file name.</param>
    /// <returns>The number of labels read.</returns>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX label file; the message says why.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the label count.</exception>
    public static int ReadLabels(Stream stream, Span<int> destination, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string name = sourceName ?? UnnamedSource;
        using GzipMemberStream? inflater = InflaterFor(stream);
        Stream data = inflater ?? stream;
        Header header = ReadHeader(data, name, LabelDimensionNames);
        Guard.AtLeast(destination.Length, header.Elements, nameof(destination));
        ReadExactly<LabelDecoder, int>(data, destination[..header.Elements], header, name);
        return header.Elements;
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>Returns an inflating view of <paramref name="stream"/> when it is seekable and starts with the gzip magic.</summary>
    private static GzipMemberStream? InflaterFor(Stream stream)
    {
        // A non-seekable stream cannot be rewound after peeking; its gzip magic is reported by the header check instead.
        if (!stream.CanSeek)
        {
            return null;
        }

        long start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 2 && IsGzipMagic(magic) ? new GzipMemberStream(stream) : null;
    }

    private static bool IsGzipMagic(ReadOnlySpan<byte> bytes) => bytes[0] == 0x1F && bytes[1] == 0x8B;

    private static Header ReadHeader(Stream stream, string name, string[] dimensionNames)
    {
        Span<byte> bytes = stackalloc byte[4 + (4 * byte.MaxValue)];
        int read = Read(stream, bytes[..4], name);
        if (read < 4)
        {
            throw Invalid(name, $"truncated header: the file ends after {read} byte(s), inside the 4-byte magic number.");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            string hint = IsGzipMagic(bytes) ? " (that is the gzip magic: inflate non-seekable streams before reading them)" : string.Empty;
            throw Invalid(name, $"wrong magic number: it starts {bytes[0]:X2} {bytes[1]:X2}{hint}; an IDX file starts 00 00.");
        }

        if (bytes[2] != UnsignedByteType)
        {
            throw Invalid(name, $"wrong element type 0x{bytes[2]:X2}: only 0x08 (unsigned byte) is supported.");
        }

        int dimensionCount = bytes[3];
        if (dimensionCount != dimensionNames.Length)
        {
            string kind = dimensionNames.Length == 1 ? "a label file" : "an image file";
            throw Invalid(name, $"wrong number of dimensions: {dimensionCount}, but {kind} has {dimensionNames.Length} ({string.Join(", ", dimensionNames)}).");
        }

        int headerLength = 4 + (4 * dimensionCount);
        read += Read(stream, bytes[4..headerLength], name);
        if (read < headerLength)
        {
            throw Invalid(name, $"truncated header: the file ends after {read} of the {headerLength} header bytes.");
        }

        var dimensions = new int[dimensionCount];
        long elements = 1;
        for (int i = 0; i < dimensionCount; i++)
        {
            uint dimension = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(4 + (4 * i), 4));
            if (dimension == 0)
            {
                throw Invalid(name, $"dimension {i} ({dimensionNames[i]}) is zero.");
            }

            // Each factor is below 2^32 and the running product below 2^31, so the product cannot overflow a long.
            elements *= dimension;
            if (elements > Array.MaxLength)
            {
                throw Invalid(name, $"dimensions too large: {dimensionNames[i]} is {dimension}, which takes the element count past {Array.MaxLength}, the most one array holds.");
            }

            dimensions[i] = (int)dimension;
        }

        var header = new Header(dimensions, (int)elements);
        CheckLength(stream, header, name);
        return header;
    }

    /// <summary>
    /// For a stream of known length, checks the data against the header before anything is allocated or written; for
    /// gzip, checks that the compressed data could inflate that far at all.
    /// </summary>
    private static void CheckLength(Stream stream, Header header, string name)
    {
        if (stream is GzipMemberStream gzip && header.Elements > gzip.MaxInflatedLength)
        {
            throw Invalid(name, $"truncated data: the header declares {header.Describe()} = {header.Elements} data bytes, more than its compressed data can inflate to ({gzip.MaxInflatedLength} at most).");
        }

        if (!stream.CanSeek)
        {
            return;
        }

        long remaining = stream.Length - stream.Position;
        if (remaining < header.Elements)
        {
            throw Truncated(name, header, remaining);
        }

        if (remaining > header.Elements)
        {
            throw Trailing(name, header, remaining - header.Elements);
        }
    }

    private static T[] ReadAll<TDecoder, T>(Stream stream, Header header, string name)
        where TDecoder : IByteDecoder<T>
    {
        int capacity = stream.CanSeek ? header.Elements : Math.Min(header.Elements, UnknownLengthInitialCapacity);
        if (stream is GzipMemberStream gzip)
        {
            capacity = (int)Math.Min(capacity, gzip.MaxInflatedLength);
        }

        var values = new T[capacity];
        int filled = 0;
        while (true)
        {
            filled += Fill<TDecoder, T>(stream, values.AsSpan(filled), name);
            if (filled == header.Elements)
            {
                CheckEnd(stream, header, name);
                return values;
            }

            if (filled < values.Length)
            {
                throw Truncated(name, header, filled);
            }

            Array.Resize(ref values, (int)Math.Min(header.Elements, 2L * values.Length));
        }
    }

    private static void ReadExactly<TDecoder, T>(Stream stream, Span<T> destination, Header header, string name)
        where TDecoder : IByteDecoder<T>
    {
        int filled = Fill<TDecoder, T>(stream, destination, name);
        if (filled < destination.Length)
        {
            throw Truncated(name, header, filled);
        }

        CheckEnd(stream, header, name);
    }

    /// <summary>Decodes bytes into <paramref name="destination"/> until it is full or the stream ends; returns how many.</summary>
    private static int Fill<TDecoder, T>(Stream stream, Span<T> destination, string name)
        where TDecoder : IByteDecoder<T>
    {
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int filled = 0;
            while (filled < destination.Length)
            {
                int wanted = Math.Min(chunk.Length, destination.Length - filled);
                int read = Read(stream, chunk.AsSpan(0, wanted), name);
                TDecoder.Decode(chunk.AsSpan(0, read), destination.Slice(filled, read));
                filled += read;
                if (read < wanted)
                {
                    break;
                }
            }

            return filled;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Checks that nothing follows the data, which a stream of unknown length can only show by reading on.</summary>
    private static void CheckEnd(Stream stream, Header header, string name)
    {
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long trailing = 0;
            int read;
            while ((read = Read(stream, chunk, name)) > 0)
            {
                trailing += read;
            }

            if (trailing > 0)
            {
                throw Trailing(name, header, trailing);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends, naming the file if the gzip data is corrupt.</summary>
    private static int Read(Stream stream, Span<byte> buffer, string name)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"IDX file '{name}': bad gzip data: {e.Message}", e);
        }
    }

    private static IdxImageShape ImageShape(Header header) =>
        new(header.Dimensions[0], header.Dimensions[1], header.Dimensions[2]);

    private static InvalidDataException Truncated(string name, Header header, long available) =>
        Invalid(name, $"truncated data: the header declares {header.Describe()} = {header.Elements} data bytes but only {available} follow.");

    private static InvalidDataException Trailing(string name, Header header, long trailing) =>
        Invalid(name, $"{trailing} trailing byte(s) after the {header.Elements} data bytes the header declares ({header.Describe()}).");

    private static InvalidDataException Invalid(string name, string problem) => new($"IDX file '{name}': {problem}");

    private readonly struct Header(int[] dimensions, int elements)
    {
        public int[] Dimensions { get; } = dimensions;

        public int Elements { get; } = elements;

        public string Describe() => string.Join(" × ", Dimensions);
    }

    /// <summary>Turns stored bytes into elements; a static interface so the read loop is specialised per element type.</summary>
    private interface IByteDecoder<T>
    {
        static abstract void Decode(ReadOnlySpan<byte> source, Span<T> destination);
    }

    private readonly struct PixelDecoder : IByteDecoder<float>
    {
        public static void Decode(ReadOnlySpan<byte> source, Span<float> destination)
        {
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = source[i] / 255f;
            }
        }
    }

    private readonly struct LabelDecoder : IByteDecoder<int>
    {
        public static void Decode(ReadOnlySpan<byte> source, Span<int> destination)
        {
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = source[i];
            }
        }
    }
}
