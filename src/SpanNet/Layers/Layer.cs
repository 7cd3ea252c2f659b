using System;
using System.Collections.Generic;
using System.Globalization;

namespace SpanNet.Layers;

/// <summary>
/// One stage of a network over a mini-batch (rows are samples). A layer kind owns everything about itself: its forward
/// pass (training or inference), its backward pass, how many trainable parameters and how much non-trainable state it
/// has and how they start, what its training forward pass saves for backward, its single-sample inference step, its
/// double-precision reference for the gradient check, its model-file record and its ONNX nodes. A layer holds only its
/// sizes and settings; its numbers are slices of the network's blocks, handed in on each call (<see cref="LayerPass"/>).
/// </summary>
/// <remarks>
/// Backward passes overwrite <c>dInput</c> (unless it is empty: the network's input needs no gradient) and
/// <em>accumulate</em> (<c>+=</c>) into their parameter gradients, which the network clears once per step. Layers are
/// made by <see cref="Networks.NetworkBuilder"/> or read from a model file; <see cref="LayerKinds"/> lists the kinds.
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

    /// <summary>The layer in a few words for listings (<c>Dense 784→100</c>, <c>BatchNorm 100</c>, <c>LeakyRelu α=0.01</c>).</summary>
    /// <returns>Its kind, sizes and settings.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} {Outputs}");

    /// <summary>How many floats of the network's trainable parameter block this layer owns (stepped by the optimizer).</summary>
    public virtual int ParameterCount => 0;

    /// <summary>
    /// How many floats of non-trainable state this layer owns (BatchNorm's running statistics, a standardisation's
    /// fixed map): saved, loaded and exported with the model, never seen by an optimizer.
    /// </summary>
    public virtual int StateCount => 0;

    /// <summary>Whether a backward pass is defined (Step's is not).</summary>
    public virtual bool IsTrainable => true;

    /// <summary>The layers inside this one (a residual block's), first to last; empty for every other kind.</summary>
    public virtual IReadOnlyList<Layer> Children => [];

    /// <summary>What the model file stores for this layer.</summary>
    internal abstract LayerRecord Record { get; }

    /// <summary>How many floats of per-batch saved state a training forward pass keeps for backward, for batches up to <paramref name="capacity"/>.</summary>
    internal virtual long SavedCount(int capacity) => 0;

    /// <summary>
    /// Sets the layer's initial parameters and state. Layers with dense weights draw them by <paramref name="scheme"/>;
    /// <paramref name="weightScale"/> is the standard deviation the builder chose for <see cref="WeightInit.HeNormal"/>
    /// (from the gain of the activation after them). Layers without dense weights ignore both.
    /// </summary>
    internal virtual void Initialize(Span<float> parameters, Span<float> state, Random random, WeightInit scheme, float weightScale)
    {
    }

    /// <summary>output[batch, Outputs] = f(input[batch, Inputs]); a training pass may update state and writes what backward needs into the saved state.</summary>
    internal abstract void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass);

    /// <summary>
    /// Given dOutput[batch, Outputs], overwrites dInput[batch, Inputs] (unless it is empty) and accumulates into the
    /// parameter gradients. input and output are what the training forward pass saw and wrote.
    /// </summary>
    internal abstract void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass);

    /// <summary>
    /// Whether the layer treats each row of a batch on its own and keeps no per-batch saved state: its
    /// <see cref="Forward"/> and <see cref="BackwardToInput"/> may then run over any range of a batch's rows, beside
    /// other ranges on other threads, and give the rows the bits the whole batch's pass would, and its
    /// <see cref="Backward"/> is <see cref="AccumulateParameterGradients"/> over the whole batch plus
    /// <see cref="BackwardToInput"/>. A network of such layers runs a training step's row-local work one range of rows
    /// per thread (<see cref="Networks.Network"/>'s row-split pass).
    /// </summary>
    internal virtual bool IsRowLocal => false;

    /// <summary>
    /// Whether the layer, when it reads the network's input, wants that input's nonzero fraction
    /// (<see cref="LayerPass.InputDensity"/>), which the network then measures once per pass.
    /// </summary>
    internal virtual bool UsesInputDensity => false;

    /// <summary>
    /// A row-local layer's part of the backward pass that needs the whole batch: adds the parameter gradients from
    /// input[batch, Inputs] and dOutput[batch, Outputs]. Only for <see cref="IsRowLocal"/> layers.
    /// </summary>
    internal virtual void AccumulateParameterGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, int batch, in LayerPass pass)
    {
    }

    /// <summary>
    /// A row-local layer's part of the backward pass that treats each row on its own: overwrites dInput[rows, Inputs]
    /// from dOutput[rows, Outputs] and what the forward pass saw and wrote for those rows. Only for
    /// <see cref="IsRowLocal"/> layers.
    /// </summary>
    internal virtual void BackwardToInput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int rows, in LayerPass pass) =>
        throw new NotSupportedException($"{Name} is not row-local.");

    /// <summary>
    /// The forward pass in double precision from double parameters: the gradient check's reference. A training pass
    /// uses batch statistics and the dropout mask the last float training pass saved in <paramref name="saved"/>.
    /// </summary>
    internal abstract double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training);

    /// <summary>Checks stored state against the kind's own rules (a running variance is not negative, a divisor not 0).</summary>
    /// <exception cref="InvalidLayerRecordException">The state cannot be this layer's.</exception>
    internal virtual void ValidateState(ReadOnlySpan<float> state)
    {
    }

    /// <summary>The named parameter tensors, in the order of the layer's parameters (the gradient check reports each).</summary>
    internal virtual void AddParameterTensors(List<ParameterTensorSlice> tensors, int offset)
    {
    }

    /// <summary>The single-sample inference step of this layer, over its own copy of <paramref name="parameters"/> and <paramref name="state"/>.</summary>
    internal abstract SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state);

    /// <summary>Writes the ONNX nodes that compute this layer from <paramref name="input"/> into <paramref name="output"/>.</summary>
    internal abstract void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state);
}
