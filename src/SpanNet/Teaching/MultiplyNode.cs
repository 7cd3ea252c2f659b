using System;

namespace SpanNet.Teaching;

/// <summary>
/// A multiplication node of a scalar computational graph (DLFS's <c>MulLayer</c>): forward <c>x · y</c>, backward
/// <c>(dout · y, dout · x)</c>.
/// </summary>
/// <remarks>
/// Each input's local derivative is the other input, so <see cref="Forward"/> keeps both for <see cref="Backward"/>.
/// </remarks>
public sealed class MultiplyNode
{
    private double _x;
    private double _y;
    private bool _hasForward;

    /// <summary>Computes <c>x · y</c> and remembers both inputs for <see cref="Backward"/>.</summary>
    /// <param name="x">The first factor.</param>
    /// <param name="y">The second factor.</param>
    /// <returns>The product.</returns>
    public double Forward(double x, double y)
    {
        _x = x;
        _y = y;
        _hasForward = true;
        return x * y;
    }

    /// <summary>Propagates the upstream derivative to both inputs of the last <see cref="Forward"/>.</summary>
    /// <param name="dout">The derivative of the final output with respect to this node's output.</param>
    /// <returns>The derivatives with respect to <c>x</c> and <c>y</c>: <c>(dout · y, dout · x)</c>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public (double Dx, double Dy) Backward(double dout)
    {
        if (!_hasForward)
        {
            ThrowHelper.InvalidOperation("MultiplyNode.Backward needs the inputs of a Forward call; call Forward first.");
        }

        return (dout * _y, dout * _x);
    }
}
