using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// One stage of a sequential network over a mini-batch (rows are samples): a forward pass and its backward pass,
/// working on spans borrowed from a workspace. A layer holds only its sizes; its parameters are a slice of the
/// network's one parameter buffer, handed in on each call.
/// </summary>
/// <remarks>
/// Backward passes overwrite <c>dInput</c> and <em>accumulate</em> (<c>+=</c>) into their parameter gradients, which the
/// network clears once per step. Layers are made by <see cref="Networks.NetworkBuilder"/>.
/// </remarks>
public abstract class Layer
{
    private protected Layer(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Features per sample coming in.</summary>
    public int Inputs { get; }

    /// <summary>Features per sample going out.</summary>
    public int Outputs { get; }

    /// <summary>What kind of layer this is.</summary>
    public abstract LayerKind Kind { get; }

    /// <summary>The layer's name in messages and descriptions: its kind, or for an activation layer its activation (<c>Relu</c>).</summary>
    public virtual string Name => Kind.ToString();

    /// <summary>How many floats of the network's parameter buffer this layer owns.</summary>
    public virtual int ParameterCount => 0;

    /// <summary>Whether <see cref="Backward"/> is defined (Step's is not).</summary>
    public virtual bool IsTrainable => true;

    /// <summary>output[batch, Outputs] = f(input[batch, Inputs]).</summary>
    internal abstract void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, ReadOnlySpan<float> parameters, GemmScratch scratch);

    /// <summary>
    /// Given dOutput[batch, Outputs], overwrites dInput[batch, Inputs] (unless it is empty: the first layer's input needs
    /// no gradient) and accumulates into dParameters. input and output are what the forward pass saw and wrote.
    /// </summary>
    internal abstract void Backward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> output,
        ReadOnlySpan<float> dOutput,
        Span<float> dInput,
        int batch,
        ReadOnlySpan<float> parameters,
        Span<float> dParameters,
        GemmScratch scratch);
}
