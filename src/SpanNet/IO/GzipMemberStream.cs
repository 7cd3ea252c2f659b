using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace SpanNet.IO;

/// <summary>
/// Inflates exactly one gzip member (RFC 1952) that fills a seekable stream from its position to its end, and insists
/// on it: the header's method and flags, a deflate body that ends exactly where the 8-byte trailer begins, and the
/// trailer's CRC-32 and size. A cut file, a missing or damaged trailer, bytes appended after the member (or a second
/// member) are each an <see cref="InvalidDataException"/> saying which, raised by the read that reaches the end.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> accepts a member without its trailer, a deflate body cut short, and trailing bytes; and
/// <see cref="DeflateStream"/> reads ahead, so the end of the body cannot be learnt from the position afterwards.
/// The body is therefore fed to the inflater through <see cref="BodyFeed"/>, which hands over the last
/// <see cref="ExactTail"/> bytes one at a time: the inflater stops asking once its final block has ended, so the
/// count handed over says exactly where the body ended.
/// </remarks>
internal sealed class GzipMemberStream : Stream
{
    /// <summary>
    /// Deflate's largest expansion: a 258-byte match coded in 2 bits gives 258 · 8 / 2 = 1032 bytes out per byte in.
    /// </summary>
    private const long MaxDeflateRatio = 1032;

    private const int TrailerBytes = 8;
    private const int ExactTail = 64;
    private const byte Deflate = 8;
    // FTEXT (bit 0) is only a hint about the content, so it changes nothing here.
    private const byte HeaderCrcFlag = 2, ExtraFlag = 4, NameFlag = 8, CommentFlag = 16, ReservedFlags = 0xE0;

    private readonly Stream _file;
    private BodyFeed? _body;
    private DeflateStream? _inflater;
    private uint _crc = Crc32.Initial;
    private uint _headerCrc = Crc32.Initial;
    private long _inflated;
    private bool _verified;

    /// <param name="file">A seekable stream positioned at the gzip magic; the member must end where the stream ends.</param>
    public GzipMemberStream(Stream file)
    {
        _file = file;
    }

    /// <summary>The most bytes the rest of the file could inflate to, whatever it holds: a bound for sizing buffers.</summary>
    public long MaxInflatedLength { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_verified || buffer.IsEmpty)
        {
            return 0;
        }

        _inflater ??= OpenBody();
        int read;
        try
        {
            read = _inflater.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            // The inflater's own words ("unsupported compression method") describe a zip entry, not a damaged stream.
            throw new InvalidDataException($"its deflate data is corrupt after {_inflated} inflated bytes.", e);
        }

        if (read > 0)
        {
            _crc = Crc32.Append(_crc, buffer[..read]);
            _inflated += read;
            return read;
        }

        VerifyEnd();
        _verified = true;
        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Parses the member header (RFC 1952 §2.3) and opens the inflater over the body, which stops short of the trailer.</summary>
    private DeflateStream OpenBody()
    {
        Span<byte> fixedPart = stackalloc byte[10];
        ReadHeaderBytes(fixedPart, "fixed header");
        if (fixedPart[0] != 0x1F || fixedPart[1] != 0x8B)
        {
            throw new InvalidDataException("it does not start with the gzip magic 1F 8B.");
        }

        if (fixedPart[2] != Deflate)
        {
            throw new InvalidDataException($"its gzip compression method is {fixedPart[2]}; only 8 (deflate) exists.");
        }

        byte flags = fixedPart[3];
        if ((flags & ReservedFlags) != 0)
        {
            throw new InvalidDataException($"its gzip header flags 0x{flags:X2} set reserved bits.");
        }

        Span<byte> two = stackalloc byte[2];
        if ((flags & ExtraFlag) != 0)
        {
            ReadHeaderBytes(two, "extra-field length");
            SkipHeaderBytes(BinaryPrimitives.ReadUInt16LittleEndian(two), "extra field");
        }

        if ((flags & NameFlag) != 0)
        {
            SkipZeroTerminated("file name");
        }

        if ((flags & CommentFlag) != 0)
        {
            SkipZeroTerminated("comment");
        }

        if ((flags & HeaderCrcFlag) != 0)
        {
            ushort expected = (ushort)Crc32.Finish(_headerCrc);
            ReadHeaderBytes(two, "header CRC");
            ushort stored = BinaryPrimitives.ReadUInt16LittleEndian(two);
            if (stored != expected)
            {
                throw new InvalidDataException($"its gzip header CRC {stored:X4} does not match the header's {expected:X4} (corrupt).");
            }
        }

        long bodyLength = _file.Length - _file.Position - TrailerBytes;
        if (bodyLength < 0)
        {
            throw new InvalidDataException("it ends before the 8-byte gzip trailer (cut, or the trailer is missing).");
        }

        MaxInflatedLength = bodyLength * MaxDeflateRatio;
        _body = new BodyFeed(_file, bodyLength);
        return new DeflateStream(_body, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Checks that the body ended exactly at the trailer and that the trailer matches what was inflated.</summary>
    private void VerifyEnd()
    {
        BodyFeed body = _body!;
        if (body.RanDry)
        {
            throw new InvalidDataException("its deflate data does not end before the 8-byte gzip trailer (the file is cut, or its trailer is missing).");
        }

        if (body.Remaining > 0)
        {
            throw new InvalidDataException($"{body.Remaining} byte(s) follow the deflate data before the 8-byte gzip trailer (bytes appended, or a second gzip member, which is not supported).");
        }

        Span<byte> trailer = stackalloc byte[TrailerBytes];
        _file.ReadExactly(trailer);
        uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        uint storedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        uint crc = Crc32.Finish(_crc);
        if (storedCrc != crc)
        {
            throw new InvalidDataException($"its gzip trailer gives CRC-32 {storedCrc:X8} but the data inflates to CRC-32 {crc:X8} (corrupt).");
        }

        if (storedSize != (uint)_inflated)
        {
            throw new InvalidDataException($"its gzip trailer gives size {storedSize} (mod 2^32) but the data inflates to {_inflated} bytes (corrupt).");
        }
    }

    private void ReadHeaderBytes(Span<byte> destination, string field)
    {
        if (_file.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) < destination.Length)
        {
            throw new InvalidDataException($"it ends inside the gzip header's {field} (cut).");
        }

        _headerCrc = Crc32.Append(_headerCrc, destination);
    }

    private void SkipHeaderBytes(int count, string field)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            Span<byte> part = scratch[..Math.Min(count, scratch.Length)];
            ReadHeaderBytes(part, field);
            count -= part.Length;
        }
    }

    private void SkipZeroTerminated(string field)
    {
        Span<byte> one = stackalloc byte[1];
        do
        {
            ReadHeaderBytes(one, field);
        }
        while (one[0] != 0);
    }

    /// <summary>
    /// The deflate body, handed to the inflater in large reads until its last <see cref="ExactTail"/> bytes, then one
    /// byte per read, and never past the trailer.
    /// </summary>
    private sealed class BodyFeed(Stream file, long length) : Stream
    {
        private long _handed;

        /// <summary>Body bytes the inflater has not asked for.</summary>
        public long Remaining => length - _handed;

        /// <summary>Whether the inflater asked for more after the whole body: its deflate data was unfinished.</summary>
        public bool RanDry { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long left = length - _handed;
            if (left == 0)
            {
                RanDry = true;
                return 0;
            }

            int wanted = left > ExactTail ? (int)Math.Min(buffer.Length, left - ExactTail) : Math.Min(buffer.Length, 1);
            int read = file.Read(buffer[..wanted]);
            if (read == 0)
            {
                RanDry = true;
            }

            _handed += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
