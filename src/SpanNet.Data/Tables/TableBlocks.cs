using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace SpanNet.Data.Tables;

/// <summary>
/// A table cut into blocks of whole rows that threads read at once: a CSV or TSV file large enough, with more than
/// one thread, is cut at line feeds outside quotes into about <see cref="BlocksPerThread"/> blocks per thread; anything
/// else (a small file, one thread, Parquet) is one block, read by one whole-file cursor exactly as a serial load reads
/// it. Every block starts at a row, so each row is read whole by one block with the same text a whole-file read sees.
/// </summary>
/// <remarks>
/// A line feed ends a row when the quotes before it are even in number: that is how Sep tokenises (it counts quotes
/// and honours separators and line ends only at an even count), so a cut is always a row end Sep would see too, and a
/// quoted field with line breaks, or a quote that never closes, stays inside one block. The blocks are counted first
/// (<see cref="CountRows"/>), which gives each its first row, so the rows of the matrix and the rows errors name are
/// the file's whatever the cut. Work on the blocks is reported back in block order: the first failing block's error is
/// the first error in file order.
/// </remarks>
internal sealed class TableBlocks
{
    /// <summary>The smallest block worth a thread: a file under two of them is read as one block.</summary>
    public const long DefaultMinBlockBytes = 4L << 20;

    /// <summary>
    /// Blocks per thread: more blocks than threads, so that a thread the shared machine slows down holds back a
    /// smaller share of the load (the other threads take the blocks it has not started).
    /// </summary>
    private const int BlocksPerThread = 4;

    /// <summary>Bytes read at a time while the cuts are looked for.</summary>
    private const int ScanBytes = 1 << 20;

    private readonly string _path;
    private readonly char _separator;
    private readonly string[] _names;
    private readonly long[] _starts;
    private readonly int _threads;
    private long[] _rowsBefore = [];

    private TableBlocks(string path, char separator, string[] names, long[] starts, int threads)
    {
        _path = path;
        _separator = separator;
        _names = names;
        _starts = starts;
        _threads = threads;
    }

    /// <summary>How many blocks.</summary>
    public int Count => _starts.Length - 1;

    /// <summary>The file's length in bytes.</summary>
    public long TotalBytes => _starts[^1];

    /// <summary>Data rows in the whole table (after <see cref="CountRows"/>).</summary>
    public long Rows => _rowsBefore[^1];

    /// <summary>
    /// Plans the blocks of the table <paramref name="header"/> opened (a whole-file cursor, still open): one block
    /// unless it is CSV or TSV of at least two <paramref name="minBlockBytes"/> and <paramref name="threads"/> is above 1.
    /// </summary>
    public static TableBlocks Plan(TableCursor header, int threads, long minBlockBytes)
    {
        long size = header.TotalBytes;
        if (header is not CsvCursor csv || threads <= 1 || size < 2 * minBlockBytes)
        {
            return new TableBlocks(header.Source, ',', [.. header.ColumnNames], [0, size], 1);
        }

        int wanted = (int)Math.Min(size / minBlockBytes, (long)threads * BlocksPerThread);
        long[] starts = RowStarts(header.Source, size, wanted);
        return new TableBlocks(header.Source, csv.Separator, [.. header.ColumnNames], starts, threads);
    }

    /// <summary>The first row of block <paramref name="block"/>, counted from 0 (after <see cref="CountRows"/>).</summary>
    public int FirstRow(int block) => (int)_rowsBefore[block];

    /// <summary>The rows of block <paramref name="block"/> (after <see cref="CountRows"/>).</summary>
    public int RowCount(int block) => (int)(_rowsBefore[block + 1] - _rowsBefore[block]);

    /// <summary>
    /// A cursor over block <paramref name="block"/>'s rows, numbered from <paramref name="rowsBefore"/> + 1; the one
    /// block of an uncut table is the whole-file cursor of a serial load.
    /// </summary>
    public TableCursor Open(int block, long rowsBefore) => Count == 1
        ? TableCursor.Open(_path)
        : new CsvCursor(_path, _separator, _names, _starts[block], _starts[block + 1], rowsBefore);

    /// <summary>
    /// Counts every block's rows at once (which checks each row's width) and so fixes each block's first row. A
    /// malformed row is reported as a serial count reports it: the first in file order, with its row in the file.
    /// </summary>
    /// <returns>The data rows of the table.</returns>
    /// <exception cref="InvalidDataException">A row is ragged or too long.</exception>
    public long CountRows(Action<TableProgress>? callback)
    {
        var progress = new LoadProgress(callback, 1, TotalBytes, Count);
        long[] counts = new long[Count];
        (int failed, Exception? failure) = Run(block =>
        {
            using TableCursor cursor = Open(block, 0);
            while (cursor.MoveNext())
            {
                if (cursor.Row % TableReader.ProgressEvery == 0)
                {
                    progress.Report(block, cursor.BytesRead);
                }
            }

            counts[block] = cursor.Row;
        });

        _rowsBefore = new long[Count + 1];
        for (int block = 0; block < Count; block++)
        {
            _rowsBefore[block + 1] = _rowsBefore[block] + counts[block];
        }

        if (failure is not null)
        {
            // The blocks before the failed one counted whole, so its first row is known now: counted again from
            // there, it fails on the same row, named as the file's.
            if (failure is InvalidDataException)
            {
                using TableCursor again = Open(failed, _rowsBefore[failed]);
                while (again.MoveNext())
                {
                }

                throw TableErrors.File(_path, "it changed while it was read");
            }

            ExceptionDispatchInfo.Throw(failure);
        }

        progress.Finish();
        return Rows;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on every block, on up to the planned threads, each block on one thread; one block
    /// runs on the caller's thread and its exception propagates.
    /// </summary>
    /// <returns>The first block, in file order, whose work threw, and its exception; (−1, null) when none did.</returns>
    public (int Block, Exception? Failure) Run(Action<int> work)
    {
        if (Count == 1)
        {
            work(0);
            return (-1, null);
        }

        var failures = new Exception?[Count];
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = _threads }, block =>
        {
            try
            {
                work(block);
            }
            catch (Exception e)
            {
                // Kept, not thrown: which error the load reports is decided in block order once all have run.
                failures[block] = e;
            }
        });

        for (int block = 0; block < Count; block++)
        {
            if (failures[block] is Exception failure)
            {
                return (block, failure);
            }
        }

        return (-1, null);
    }

    /// <summary>Where each of about <paramref name="wanted"/> equal blocks starts: the first row start at or after each equal cut, then the file's end.</summary>
    private static long[] RowStarts(string path, long size, int wanted)
    {
        var starts = new List<long>(wanted + 1) { 0 };
        byte[] buffer = new byte[ScanBytes];
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long position = 0;
        bool quoted = false;
        for (int k = 1; k < wanted; k++)
        {
            long target = size * k / wanted;
            if (target <= position)
            {
                continue;
            }

            // Whether the cut falls inside quotes: an odd number of them before it.
            while (position < target)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, target - position)), position);
                if (read == 0)
                {
                    return [.. starts, size];
                }

                quoted ^= (buffer.AsSpan(0, read).Count((byte)'"') & 1) != 0;
                position += read;
            }

            long start = NextRowStart(file, buffer, ref position, ref quoted);
            if (start < 0 || start >= size)
            {
                break;
            }

            starts.Add(start);
        }

        starts.Add(size);
        return [.. starts];
    }

    /// <summary>The byte after the first line feed outside quotes at or after <paramref name="position"/> (which it moves there), or −1 when there is none.</summary>
    private static long NextRowStart(SafeFileHandle file, byte[] buffer, ref long position, ref bool quoted)
    {
        while (true)
        {
            int read = RandomAccess.Read(file, buffer, position);
            if (read == 0)
            {
                return -1;
            }

            ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
            for (int i = chunk.IndexOfAny((byte)'"', (byte)'\n'); i >= 0; i = Next(chunk, i + 1))
            {
                if (chunk[i] == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted)
                {
                    position += i + 1;
                    return position;
                }
            }

            position += read;
        }

        static int Next(ReadOnlySpan<byte> chunk, int from)
        {
            int next = chunk[from..].IndexOfAny((byte)'"', (byte)'\n');
            return next < 0 ? -1 : from + next;
        }
    }
}
