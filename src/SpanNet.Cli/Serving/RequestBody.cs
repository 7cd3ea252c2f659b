using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace SpanNet.Cli.Serving;

/// <summary>A request body read whole into a pooled buffer, refused (413) once it passes the limit. Dispose returns the buffer.</summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>
    /// How far past the limit a refused body is still read (and discarded) before the 413 goes out. A client that is
    /// still sending when the server answers and closes gets a broken pipe instead of the 413, so a body up to this
    /// much too large is drained first; a larger one is cut off by Kestrel's own limit, set to the limit plus this.
    /// </summary>
    public const long DrainBytes = 1024 * 1024;

    private const int InitialBytes = 16 * 1024;
    private byte[] _buffer;

    private RequestBody(byte[] buffer) => _buffer = buffer;

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    /// <exception cref="BadRequestException">413: the body (declared or read) is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes)
        {
            if (request.ContentLength <= maxBytes + DrainBytes)
            {
                await DrainAsync(request, cancellation).ConfigureAwait(false);
            }

            throw TooLarge(maxBytes);
        }

        int initial = (int)Math.Min(request.ContentLength ?? InitialBytes, maxBytes) + 1;
        var body = new RequestBody(ArrayPool<byte>.Shared.Rent(initial));
        try
        {
            while (true)
            {
                if (body.Length == body._buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(body._buffer.Length * 2);
                    body._buffer.AsSpan(0, body.Length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(body._buffer);
                    body._buffer = larger;
                }

                int read = await request.Body.ReadAsync(body._buffer.AsMemory(body.Length), cancellation).ConfigureAwait(false);
                if (read == 0)
                {
                    return body;
                }

                body.Length += read;
                if (body.Length > maxBytes)
                {
                    await DrainAsync(request, cancellation).ConfigureAwait(false);
                    throw TooLarge(maxBytes);
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            Length = 0;
        }
    }

    /// <summary>Reads the rest of the body into a scratch buffer and drops it; Kestrel's limit bounds how much.</summary>
    private static async Task DrainAsync(HttpRequest request, CancellationToken cancellation)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(InitialBytes);
        try
        {
            while (await request.Body.ReadAsync(scratch, cancellation).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public static string TooLargeMessage(long maxBytes) => $"the body is larger than the limit of {maxBytes} bytes";

    private static BadRequestException TooLarge(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge, TooLargeMessage(maxBytes));
}
