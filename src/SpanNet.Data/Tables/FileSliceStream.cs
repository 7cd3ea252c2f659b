using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace SpanNet.Data.Tables;

/// <summary>
/// A read-only, seekable view of bytes [start, end) of a file, read through <see cref="RandomAccess"/> so that every
/// block of a parallel load has its own position over one file without sharing a <see cref="FileStream"/>.
/// </summary>
internal sealed class FileSliceStream : Stream
{
    private readonly SafeFileHandle _file;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    /// <param name="path">The file.</param>
    /// <param name="start">The slice's first byte.</param>
    /// <param name="end">One past its last byte.</param>
    public FileSliceStream(string path, long start, long end)
    {
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _start = start;
        _length = end - start;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int wanted = (int)Math.Min(buffer.Length, _length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        int read = RandomAccess.Read(_file, buffer[..wanted], _start + _position);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
