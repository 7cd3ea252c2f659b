using System;
using System.Buffers;

namespace SpanNet.Cli.Serving;

/// <summary>
/// The validated rows of one predict request, in a pooled buffer: <see cref="Rows"/> samples of the model's input
/// width, every value finite. Dispose returns the buffer.
/// </summary>
internal sealed class PredictionBatch : IDisposable
{
    private float[]? _buffer;

    public PredictionBatch(int rows, int width)
    {
        Rows = rows;
        Width = width;
        _buffer = ArrayPool<float>.Shared.Rent(checked(rows * width));
    }

    public int Rows { get; }

    public int Width { get; }

    /// <summary>[Rows, Width] row-major.</summary>
    public Span<float> Values => _buffer.AsSpan(0, Rows * Width);

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<float>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
