using System;
using SpanNet.Memory;

namespace SpanNet.Networks;

/// <summary>
/// Every parameter of a network in one contiguous aligned buffer, and every gradient in a second buffer with the same
/// layout (llm.c's <c>malloc_and_point_parameters</c>): each layer's weights and biases are a slice at a fixed offset,
/// clearing the gradients is one memset and an optimizer step is one flat loop.
/// </summary>
public sealed class ParameterBlock : IDisposable
{
    private readonly AlignedBuffer _values;
    private readonly AlignedBuffer _gradients;

    internal ParameterBlock(int length)
    {
        _values = new AlignedBuffer(length);
        _gradients = new AlignedBuffer(length);
    }

    /// <summary>The number of parameters.</summary>
    public int Length => _values.Length;

    /// <summary>All parameters, layer after layer (each layer's W then b).</summary>
    public Span<float> Values => _values.Span;

    /// <summary>∂loss/∂parameter for the last backward pass, in the layout of <see cref="Values"/>.</summary>
    public Span<float> Gradients => _gradients.Span;

    /// <summary>Sets every gradient to 0; backward passes accumulate into them.</summary>
    public void ZeroGradients() => _gradients.Span.Clear();

    /// <summary>Releases the buffers.</summary>
    public void Dispose()
    {
        _values.Dispose();
        _gradients.Dispose();
    }
}
