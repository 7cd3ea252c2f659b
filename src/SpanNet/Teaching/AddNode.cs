using System;

namespace SpanNet.Teaching;

/// <summary>
/// An addition node of a scalar computational graph (DLFS's <c>AddLayer</c>): forward <c>x + y</c>, backward
/// <c>(dout, dout)</c>.
/// </summary>
/// <remarks>
/// Both local derivatives are 1, so nothing of the inputs is kept; the node still records that <see cref="Forward"/>
/// ran, so that misuse fails the same way as on <see cref="MultiplyNode"/> rather than silently passing gradients.
/// </remarks>
public sealed class AddNode
{
    private bool _hasForward;

    /// <summary>Computes <c>x + y</c>.</summary>
    /// <param name="x">The first term.</param>
    /// <param name="y">The second term.</param>
    /// <returns>The sum.</returns>
    public double Forward(double x, double y)
    {
        _hasForward = true;
        return x + y;
    }

    /// <summary>Passes the upstream derivative through to both inputs unchanged.</summary>
    /// <param name="dout">The derivative of the final output with respect to this node's output.</param>
    /// <returns>The derivatives with respect to <c>x</c> and <c>y</c>: <c>(dout, dout)</c>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public (double Dx, double Dy) Backward(double dout)
    {
        if (!_hasForward)
        {
            ThrowHelper.InvalidOperation("AddNode.Backward follows a Forward call; call Forward first.");
        }

        return (dout, dout);
    }
}
