using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace SpanNet.Data.Tables;

/// <summary>
/// Parquet through Parquet.Net, one row group at a time: flat columns of numbers, booleans or strings (nested and
/// repeated fields are refused, naming the column). Numbers are handed out as their shortest round-trip text so that
/// schema inference and parsing follow the same rules as for CSV; null is an empty cell, i.e. missing.
/// </summary>
internal sealed class ParquetCursor : TableCursor
{
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private readonly string[] _names;
    private readonly char[] _scratch = new char[64];
    private double[][] _numbers = [];
    private string?[][] _strings = [];
    private int _group = -1;
    private int _groupRows;
    private int _index;
    private long _row;

    public ParquetCursor(string path)
        : base(path)
    {
        _stream = File.OpenRead(path);
        try
        {
            _reader = OpenWithin(FooterTimeout);
            ParquetSchema schema = Guarded(() => Task.FromResult(_reader.Schema));
            _fields = Guarded(() => Task.FromResult(schema.GetDataFields()));
            if (_fields.Length != schema.Fields.Count)
            {
                throw TableErrors.File(path, "it has nested fields; only flat columns are read");
            }

            _names = new string[_fields.Length];
            for (int i = 0; i < _fields.Length; i++)
            {
                if (_fields[i].IsArray || !IsSupported(_fields[i].ClrType))
                {
                    throw TableErrors.Column(path, _fields[i].Name, $"its type ({_fields[i].ClrType.Name}{(_fields[i].IsArray ? "[]" : string.Empty)}) is not read; columns must hold numbers, booleans or strings");
                }

                _names[i] = _fields[i].Name;
            }

            CheckHeader(path, _names);
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public override IReadOnlyList<string> ColumnNames => _names;

    public override long Row => _row;

    public override long BytesRead => _stream.Position;

    public override long TotalBytes => _stream.Length;

    public override bool MoveNext()
    {
        while (_index + 1 >= _groupRows)
        {
            if (_group + 1 >= Guarded(() => Task.FromResult(_reader.RowGroupCount)))
            {
                return false;
            }

            LoadGroup(++_group);
        }

        _index++;
        _row++;
        return true;
    }

    public override ReadOnlySpan<char> Cell(int column)
    {
        if (_strings[column] is { } strings)
        {
            return strings[_index];
        }

        double value = _numbers[column][_index];
        if (double.IsNaN(value))
        {
            return [];
        }

        bool ok = _fields[column].ClrType == typeof(float)
            ? ((float)value).TryFormat(_scratch, out int written, "R", CultureInfo.InvariantCulture)
            : value.TryFormat(_scratch, out written, "R", CultureInfo.InvariantCulture);
        return ok ? _scratch.AsSpan(0, written) : [];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }

    /// <summary>Parquet.Net 6 reports a string column's CLR type as <see cref="ReadOnlyMemory{T}"/> of char; older files may say string.</summary>
    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static bool IsSupported(Type type) =>
        IsText(type) || type == typeof(double) || type == typeof(float) || type == typeof(int) || type == typeof(long)
        || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint)
        || type == typeof(ulong) || type == typeof(bool) || type == typeof(decimal);

    private void LoadGroup(int group)
    {
        ParquetRowGroupReader rowGroup = Guarded(() => Task.FromResult(_reader.OpenRowGroupReader(group)));
        long rows = Guarded(() => Task.FromResult(rowGroup.RowCount));
        if (rows < 0 || rows * Math.Max(_fields.Length, 1) > TableLimits.MaxCells)
        {
            throw TableErrors.File(Source, $"row group {group} claims {rows} rows; at most {TableLimits.MaxCells} cells are read");
        }

        // A row group's values sit in the file, compressed at best a few hundred to one per value; far more rows than
        // bytes is a hostile header, refused before anything is sized by it.
        if (rows > (_stream.Length * 1024) + 1024)
        {
            throw TableErrors.File(Source, $"row group {group} claims {rows} rows in a file of {_stream.Length} bytes");
        }

        int count = (int)rows;
        _numbers = new double[_fields.Length][];
        _strings = new string?[_fields.Length][];
        for (int c = 0; c < _fields.Length; c++)
        {
            DataField field = _fields[c];
            if (IsText(field.ClrType))
            {
                string?[] values = new string?[count];
                Guarded(async () => await rowGroup.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false));
                _strings[c] = values;
            }
            else
            {
                _numbers[c] = ReadNumbers(rowGroup, field, count);
            }
        }

        _groupRows = count;
        _index = -1;
    }

    private double[] ReadNumbers(ParquetRowGroupReader rowGroup, DataField field, int count)
    {
        Type type = field.ClrType;
        return type == typeof(double) ? Read<double>(rowGroup, field, count, v => v)
            : type == typeof(float) ? Read<float>(rowGroup, field, count, v => v)
            : type == typeof(int) ? Read<int>(rowGroup, field, count, v => v)
            : type == typeof(long) ? Read<long>(rowGroup, field, count, v => v)
            : type == typeof(short) ? Read<short>(rowGroup, field, count, v => v)
            : type == typeof(sbyte) ? Read<sbyte>(rowGroup, field, count, v => v)
            : type == typeof(byte) ? Read<byte>(rowGroup, field, count, v => v)
            : type == typeof(ushort) ? Read<ushort>(rowGroup, field, count, v => v)
            : type == typeof(uint) ? Read<uint>(rowGroup, field, count, v => v)
            : type == typeof(ulong) ? Read<ulong>(rowGroup, field, count, v => v)
            : type == typeof(bool) ? Read<bool>(rowGroup, field, count, v => v ? 1 : 0)
            : Read<decimal>(rowGroup, field, count, v => (double)v);
    }

    private double[] Read<T>(ParquetRowGroupReader rowGroup, DataField field, int count, Func<T, double> widen)
        where T : struct
    {
        T?[] values = new T?[count];
        Guarded(async () => await rowGroup.ReadAsync(field, values.AsMemory(), null).ConfigureAwait(false));
        double[] numbers = new double[count];
        for (int i = 0; i < count; i++)
        {
            numbers[i] = values[i] is T value ? widen(value) : double.NaN;
        }

        return numbers;
    }

    /// <summary>Runs a Parquet.Net call, turning whatever it throws on a damaged file into the reader's one exception.</summary>
    /// <summary>
    /// How long reading the footer may take. Parquet.Net 6.1.0 never returns from <c>CreateAsync</c> on some corrupt
    /// footers (tests/fixtures/tables/parquet-footer-hang.parquet, found by the fuzz suite); a real footer, even of a
    /// file with thousands of row groups, is read in milliseconds.
    /// </summary>
    internal static TimeSpan FooterTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Opens the reader on a pool thread and gives up after <paramref name="timeout"/>: a footer Parquet.Net cannot finish
    /// is refused as invalid data instead of hanging the command. (The stuck read keeps its pool thread until the
    /// process ends; every caller of the table readers is a command that ends on the error.)
    /// </summary>
    private ParquetReader OpenWithin(TimeSpan timeout)
    {
        Task<ParquetReader> open = Task.Run(() => ParquetReader.CreateAsync(_stream, null, true));
        bool finished;
        try
        {
            finished = open.Wait(timeout);
        }
        catch (AggregateException e) when (e.InnerException is { } inner and not OutOfMemoryException)
        {
            throw TableErrors.File(Source, $"Parquet.Net cannot read it ({inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")})");
        }

        return finished
            ? open.Result
            : throw TableErrors.File(Source, $"Parquet.Net did not finish reading its footer in {timeout.TotalSeconds:0} s (a corrupt footer)");
    }

    private T Guarded<T>(Func<Task<T>> read)
    {
        try
        {
            return read().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw TableErrors.File(Source, $"Parquet.Net cannot read it ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private void Guarded(Func<Task> read) => Guarded(async () =>
    {
        await read().ConfigureAwait(false);
        return true;
    });
}
