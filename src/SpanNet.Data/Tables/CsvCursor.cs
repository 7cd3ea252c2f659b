using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.IO;
using System.Text;
using nietras.SeparatedValues;

namespace SpanNet.Data.Tables;

/// <summary>
/// CSV or TSV through Sep: the first row is the header, the separator is the one of <c>,</c> <c>;</c> and tab that
/// occurs most often in it (outside quotes), lines may end in LF or CRLF, a UTF-8 byte-order mark is skipped, and a
/// field in double quotes may hold separators, line breaks and doubled quotes. Cells are spans over Sep's buffer; only
/// a quoted cell with doubled quotes is copied (into one scratch buffer), so reading allocates nothing per field.
/// </summary>
internal sealed class CsvCursor : TableCursor
{
    /// <summary>Bytes sniffed for the separator and for binary content.</summary>
    private const int SniffBytes = 1 << 16;

    /// <summary>
    /// Bytes the text decoder reads at a time, straight from the file (which is not buffered again): StreamReader's
    /// default, 1 KiB through FileStream's 4 KiB buffer, made a read call per 4 KiB, a tenth of a load's time in them.
    /// </summary>
    private const int ReadBufferBytes = 1 << 14;

    /// <summary>UTF-8 without a byte-order mark to skip: a block that starts mid-file decodes its first bytes as they are, as a whole-file read does.</summary>
    private static readonly UTF8Encoding s_utf8WithoutMark = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _stream;
    private readonly SepReader _reader;
    private readonly string[] _names;
    private char[] _scratch = new char[256];
    private long _row;

    /// <summary>Opens the whole file: sniffs the separator, then reads and checks the header.</summary>
    public CsvCursor(string path)
        : base(path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        try
        {
            Separator = SniffSeparator(_stream, path);
            _stream.Position = 0;
            _reader = ReaderOptions(Separator).From(new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, ReadBufferBytes));
            if (!MoveRaw())
            {
                throw TableErrors.File(path, "it has no header row");
            }

            SepReader.Row header = _reader.Current;
            string[] names = new string[header.ColCount];
            for (int i = 0; i < names.Length; i++)
            {
                ReadOnlySpan<char> name = Unquote(header[i].Span, i, isHeader: true);
                names[i] = (i == 0 ? name.TrimStart('\uFEFF') : name).Trim().ToString();
            }

            _names = CheckHeader(path, names);
        }
        catch
        {
            _reader?.Dispose();
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens bytes [<paramref name="start"/>, <paramref name="end"/>) of a file whose separator and header a whole-file
    /// cursor already read: a block of a parallel load. The block starts at a row (at the header when it starts at 0,
    /// which is then skipped), and its rows are counted from <paramref name="rowsBefore"/> + 1, so errors name the
    /// file's rows.
    /// </summary>
    public CsvCursor(string path, char separator, string[] names, long start, long end, long rowsBefore)
        : base(path)
    {
        Separator = separator;
        _names = names;
        _row = rowsBefore;
        _stream = new FileSliceStream(path, start, end);
        try
        {
            // A UTF-8 byte-order mark is skipped at the file's start, as the whole-file cursor does; a block that starts mid-file has none to skip.
            _reader = ReaderOptions(separator).From(start == 0
                ? new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, ReadBufferBytes)
                : new StreamReader(_stream, s_utf8WithoutMark, detectEncodingFromByteOrderMarks: false, ReadBufferBytes));
            if (start == 0 && !MoveRaw())
            {
                throw TableErrors.File(path, "it has no header row");
            }
        }
        catch
        {
            _reader?.Dispose();
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>The separator: one of , ; and tab.</summary>
    public char Separator { get; }

    public override IReadOnlyList<string> ColumnNames => _names;

    public override long Row => _row;

    public override long BytesRead => _stream.Position;

    public override long TotalBytes => _stream.Length;

    // Optimised from the first call, as BlockCoding.Read is.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool MoveNext()
    {
        while (MoveRaw())
        {
            SepReader.Row row = _reader.Current;
            if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty && _names.Length > 1)
            {
                // A blank line: skipped, as pandas does.
                continue;
            }

            _row++;
            if (row.ColCount != _names.Length)
            {
                throw TableErrors.Row(Source, _row, $"it has {row.ColCount} fields but the header has {_names.Length} (a separator too many or too few, or a quote that does not close)");
            }

            return true;
        }

        return false;
    }

    public override ReadOnlySpan<char> Cell(int column) => Unquote(_reader.Current[column].Span, column, isHeader: false);

    /// <summary>
    /// A plain decimal cell is parsed straight from Sep's buffer: by <see cref="ShortDecimalParser"/> when it is short,
    /// else by Sep's csFastFloat; whatever both refuse (quotes, spaces, missing markers, text) goes through
    /// <see cref="Cell"/> and <see cref="TableCells.TryParseNumber"/>. Each parser accepts a subset of what float.TryParse
    /// accepts and rounds correctly, so the value is the same whichever parses it (checked on generated cells in
    /// TableNumberTests).
    /// </summary>
    // Optimised from the first call, as BlockCoding.Read is.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool TryNumber(int column, out float value)
    {
        SepReader.Col cell = _reader.Current[column];
        return ShortDecimalParser.TryParse(cell.Span, out value)
            || (cell.TryParse(out value) && float.IsFinite(value))
            || base.TryNumber(column, out value);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _stream.Dispose();
        }
    }

    private static SepReaderOptions ReaderOptions(char separator) => Sep.Reader(o => o with
    {
        Sep = new Sep(separator),
        HasHeader = false,
        DisableColCountCheck = true,
        Unescape = false,
        // Numbers go through Sep's csFastFloat first (TryNumber); anything it refuses takes the general path.
        DisableFastFloat = false,
    });

    private bool MoveRaw()
    {
        try
        {
            return _reader.MoveNext();
        }
        catch (NotSupportedException)
        {
            // Sep's buffer limit: one row past 2²⁴ characters, which is what an unclosed quote becomes.
            throw TableErrors.Row(Source, _row + 1, $"it is longer than {TableLimits.MaxRowCharacters:N0} characters (a quote that never closes, or a field far too long)");
        }
    }

    /// <summary>A field without quotes as it is; <c>"a ""b"""</c> as <c>a "b"</c>; anything else with a leading quote is an error.</summary>
    private ReadOnlySpan<char> Unquote(ReadOnlySpan<char> raw, int column, bool isHeader)
    {
        ReadOnlySpan<char> text = raw.TrimStart(' ');
        if (text.IsEmpty || text[0] != '"')
        {
            return raw;
        }

        text = text.TrimEnd(' ');
        if (text.Length < 2 || text[^1] != '"')
        {
            throw Malformed(column, isHeader, "a quote opens but never closes, or text follows the closing quote");
        }

        ReadOnlySpan<char> inner = text[1..^1];
        int quote = inner.IndexOf('"');
        if (quote < 0)
        {
            return inner;
        }

        if (_scratch.Length < inner.Length)
        {
            _scratch = new char[Math.Max(inner.Length, _scratch.Length * 2)];
        }

        int length = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            char c = inner[i];
            if (c == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                {
                    throw Malformed(column, isHeader, "a quote inside a quoted field is not doubled");
                }

                i++;
            }

            _scratch[length++] = c;
        }

        return _scratch.AsSpan(0, length);
    }

    private InvalidDataException Malformed(int column, bool isHeader, string reason) => isHeader
        ? TableErrors.File(Source, $"header column {column}: {reason}")
        : TableErrors.Cell(Source, _row, _names[column], reason);

    /// <summary>The separator among , ; and tab that the first line holds most often outside quotes (, when none); refuses binary content.</summary>
    private static char SniffSeparator(Stream stream, string source)
    {
        byte[] head = new byte[SniffBytes];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == 0)
        {
            throw TableErrors.File(source, "it is empty (no header row)");
        }

        ReadOnlySpan<byte> bytes = head.AsSpan(0, read);
        if (bytes.Contains((byte)0))
        {
            throw TableErrors.File(source, "it is not text (it holds NUL bytes); tables are read from CSV, TSV or Parquet files");
        }

        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        int commas = 0, semicolons = 0, tabs = 0;
        bool quoted = false;
        foreach (byte b in bytes)
        {
            if (b == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                if (b is (byte)'\n' or (byte)'\r')
                {
                    break;
                }

                commas += b == ',' ? 1 : 0;
                semicolons += b == ';' ? 1 : 0;
                tabs += b == '\t' ? 1 : 0;
            }
        }

        if (tabs > commas && tabs >= semicolons)
        {
            return '\t';
        }

        return semicolons > commas ? ';' : ',';
    }
}
