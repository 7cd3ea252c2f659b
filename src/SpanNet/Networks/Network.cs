using System;
using System.Collections.Generic;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Memory;

namespace SpanNet.Networks;

/// <summary>
/// A sequential network: layers applied in order, a loss at the end, every parameter in one <see cref="ParameterBlock"/>.
/// Build one with <see cref="NetworkBuilder"/>; run it with a <see cref="Workspace"/> from <see cref="CreateWorkspace"/>.
/// </summary>
/// <remarks>
/// <para>
/// The network computes; it does not train itself. One step of training is the loop of the material and of llm.c,
/// each part a call: <see cref="ComputeLoss(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Workspace)"/> (forward and
/// loss), <see cref="ParameterBlock.ZeroGradients"/>, <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Workspace)"/>,
/// then an optimizer's step; the training namespace has that step as one call, and the trainer that loops over it.
/// </para>
/// <para>
/// Every public method checks its whole input (shapes, batch against the workspace's capacity, NaN and ±∞, labels in
/// range) before it writes anything, so a rejected call leaves parameters and gradients as they were. Once warm,
/// <see cref="Forward"/>, <see cref="ComputeLoss(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Workspace)"/>,
/// <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Workspace)"/> and <see cref="Predict"/> allocate nothing.
/// </para>
/// </remarks>
public sealed partial class Network : IDisposable
{
    private readonly Layer[] _layers;
    private readonly int[] _offsets;
    private readonly int[] _stateOffsets;
    private readonly AlignedBuffer _state;
    private readonly ulong _seed;
    private ulong _trainingPasses;

    internal Network(int inputs, Layer[] layers, LossFunction loss, PredictionOutput predictionOutput, int seed)
    {
        Inputs = inputs;
        _layers = layers;
        Loss = loss;
        PredictionOutput = predictionOutput;
        _seed = (ulong)(uint)seed;
        _offsets = new int[layers.Length + 1];
        _stateOffsets = new int[layers.Length + 1];
        for (int i = 0; i < layers.Length; i++)
        {
            _offsets[i + 1] = checked(_offsets[i] + layers[i].ParameterCount);
            _stateOffsets[i + 1] = checked(_stateOffsets[i] + layers[i].StateCount);
        }

        Parameters = new ParameterBlock(_offsets[^1]);
        _state = new AlignedBuffer(_stateOffsets[^1]);
        SplitsByRows = Array.TrueForAll(layers, layer => layer.IsRowLocal) && loss.IsRowLocal;
    }

    /// <summary>
    /// The most parameters a network may have (2²⁸, a 1 GiB model file): every weight count fits an int, and the model
    /// file and the builder refuse anything larger.
    /// </summary>
    public const int MaxParameters = 1 << 28;

    /// <summary>Features per input sample.</summary>
    public int Inputs { get; }

    /// <summary>Features per output sample (the last layer's width).</summary>
    public int Outputs => _layers[^1].Outputs;

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The loss the network trains against.</summary>
    public LossFunction Loss { get; }

    /// <summary>What <see cref="Predict"/> returns from the last layer's scores; training always works on the scores.</summary>
    public PredictionOutput PredictionOutput { get; }

    /// <summary>All parameters and their gradients.</summary>
    public ParameterBlock Parameters { get; }

    /// <summary>
    /// Every layer's non-trainable state, layer after layer (BatchNorm's running mean then variance, a standardisation's
    /// fixed map): updated by training forward passes, saved and exported with the model, never stepped by an optimizer.
    /// </summary>
    public Span<float> State => _state.Span;

    /// <summary>Makes a workspace for batches of up to <paramref name="capacity"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public Workspace CreateWorkspace(int capacity) => new(this, capacity);

    /// <summary>Layer <paramref name="layer"/>'s parameters (for a dense layer, W [inputs, outputs] then b).</summary>
    /// <param name="layer">
    /// The layer's index in <see cref="Layers"/>, where activation layers count too: in a 784-100-10 ReLU network the
    /// dense layers are 0 and 2.
    /// </param>
    public Span<float> LayerParameters(int layer)
    {
        CheckLayer(layer);
        return Parameters.Values[_offsets[layer].._offsets[layer + 1]];
    }

    /// <summary>Layer <paramref name="layer"/>'s non-trainable state (see <see cref="State"/>).</summary>
    /// <param name="layer">The layer's index in <see cref="Layers"/>.</param>
    public Span<float> LayerState(int layer)
    {
        CheckLayer(layer);
        return _state.Span[_stateOffsets[layer].._stateOffsets[layer + 1]];
    }

    /// <summary>Layer <paramref name="layer"/>'s gradients, in the layout of <see cref="LayerParameters"/>.</summary>
    /// <param name="layer">
    /// The layer's index in <see cref="Layers"/>, where activation layers count too: in a 784-100-10 ReLU network the
    /// dense layers are 0 and 2.
    /// </param>
    public Span<float> LayerGradients(int layer)
    {
        CheckLayer(layer);
        return Parameters.Gradients[_offsets[layer].._offsets[layer + 1]];
    }

    /// <summary>The weights W of dense layer <paramref name="layer"/>, [inputs, outputs] row-major.</summary>
    /// <param name="layer">
    /// The layer's index in <see cref="Layers"/>, where activation layers count too: in a 784-100-10 ReLU network the
    /// dense layers are 0 and 2.
    /// </param>
    /// <exception cref="ArgumentException">The layer is not dense.</exception>
    public Span<float> Weights(int layer) => LayerParameters(layer)[..DenseAt(layer).WeightCount];

    /// <summary>The bias b of dense layer <paramref name="layer"/>.</summary>
    /// <param name="layer">
    /// The layer's index in <see cref="Layers"/>, where activation layers count too: in a 784-100-10 ReLU network the
    /// dense layers are 0 and 2.
    /// </param>
    /// <exception cref="ArgumentException">The layer is not dense or has no bias.</exception>
    public Span<float> Biases(int layer)
    {
        Dense dense = DenseAt(layer);
        if (!dense.HasBias)
        {
            ThrowHelper.Argument(nameof(layer), $"Layer {layer} is a dense layer without bias.");
        }

        return LayerParameters(layer).Slice(dense.WeightCount, dense.Outputs);
    }

    /// <summary>Copies <paramref name="weights"/> ([inputs, outputs] row-major) into dense layer <paramref name="layer"/>.</summary>
    /// <param name="layer">
    /// The layer's index in <see cref="Layers"/>, where activation layers count too: in a 784-100-10 ReLU network the
    /// dense layers are 0 and 2.
    /// </param>
    /// <param name="weights">inputs × outputs finite values.</param>
    /// <exception cref="ArgumentException">The layer is not dense, the length is wrong, or a value is not finite.</exception>
    public void SetWeights(int layer, ReadOnlySpan<float> weights)
    {
        Span<float> destination = Weights(layer);
        Guard.Length(weights.Length, destination.Length, nameof(weights));
        InputValidation.Finite(weights, nameof(weights));
        weights.CopyTo(destination);
    }

    /// <summary>Copies <paramref name="biases"/> into dense layer <paramref name="layer"/>.</summary>
    /// <param name="layer">
    /// The layer's index in <see cref="Layers"/>, where activation layers count too: in a 784-100-10 ReLU network the
    /// dense layers are 0 and 2.
    /// </param>
    /// <param name="biases">outputs finite values.</param>
    /// <exception cref="ArgumentException">The layer is not dense with bias, the length is wrong, or a value is not finite.</exception>
    public void SetBiases(int layer, ReadOnlySpan<float> biases)
    {
        Span<float> destination = Biases(layer);
        Guard.Length(biases.Length, destination.Length, nameof(biases));
        InputValidation.Finite(biases, nameof(biases));
        biases.CopyTo(destination);
    }

    /// <summary>
    /// Runs the layers on a batch in inference mode (BatchNorm uses its running statistics, dropout is off) and returns
    /// the last layer's output (scores, before the loss's softmax), which stays valid in the workspace until its next use.
    /// </summary>
    /// <param name="input">[batch, Inputs], row-major.</param>
    /// <param name="batch">Samples, 1 to the workspace's capacity.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>[batch, Outputs].</returns>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        return ForwardUnchecked(input, batch, workspace, training: false);
    }

    /// <summary>Predictions for a batch: the last layer's scores turned into <see cref="PredictionOutput"/>.</summary>
    /// <param name="input">[batch, Inputs], row-major.</param>
    /// <param name="output">Written: [batch, Outputs].</param>
    /// <param name="batch">Samples, 1 to the workspace's capacity.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        Guard.Length(output.Length, (long)batch * Outputs, nameof(output));
        Predictions.Write(PredictionOutput, ForwardUnchecked(input, batch, workspace, training: false), output, batch, Outputs);
    }

    /// <summary>The class (argmax of the output) of one sample.</summary>
    /// <param name="sample">Inputs floats.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The index of the largest output.</returns>
    public int Classify(ReadOnlySpan<float> sample, Workspace workspace)
    {
        CheckInput(sample, 1, workspace);
        return Reductions.ArgMax(ForwardUnchecked(sample, 1, workspace, training: false));
    }

    /// <summary>
    /// The mean loss of a batch against class labels, from a training forward pass (BatchNorm normalises by the batch's
    /// statistics and updates its running ones, dropout drops), without touching gradients. It leaves what
    /// <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Workspace)"/> needs in the workspace.
    /// </summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="labels">One class per sample, in [0, Outputs).</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The loss.</returns>
    public float ComputeLoss(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckLabels(labels, batch);
        return ForwardLoss(input, Targets.FromLabels(labels), batch, workspace, training: true);
    }

    /// <summary>The mean loss of a batch against target rows, without touching gradients (see the labels overload).</summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="targets">[batch, Outputs].</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The loss.</returns>
    public float ComputeLoss(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckTargets(targets, batch);
        return ForwardLoss(input, Targets.FromValues(targets), batch, workspace, training: true);
    }

    /// <summary>
    /// Back-propagates the loss that the last <see cref="ComputeLoss(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Workspace)"/>
    /// on <paramref name="workspace"/> computed, <b>adding</b> each parameter's gradient into
    /// <see cref="ParameterBlock.Gradients"/> (clear them first with <see cref="ParameterBlock.ZeroGradients"/>).
    /// </summary>
    /// <param name="input">The same [batch, Inputs] that ComputeLoss saw (the first layer's weight gradient reads it).</param>
    /// <param name="labels">The same labels.</param>
    /// <param name="batch">The same batch.</param>
    /// <param name="workspace">The workspace ComputeLoss used.</param>
    /// <exception cref="ArgumentException">A shape or a label is wrong; nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">
    /// The workspace holds no loss of a batch of this size (ComputeLoss was not called, or Forward or Predict ran since),
    /// or the network has a layer without a gradient.
    /// </exception>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Workspace workspace)
    {
        CheckBackward(input, batch, workspace);
        CheckLabels(labels, batch);
        BackwardUnchecked(input, Targets.FromLabels(labels), batch, workspace);
    }

    /// <summary>Back-propagates the last loss against target rows (see the labels overload).</summary>
    /// <param name="input">The same [batch, Inputs] that ComputeLoss saw.</param>
    /// <param name="targets">The same [batch, Outputs] targets.</param>
    /// <param name="batch">The same batch.</param>
    /// <param name="workspace">The workspace ComputeLoss used.</param>
    /// <exception cref="ArgumentException">A shape or a value is wrong; nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">The workspace holds no loss of this batch, or the network cannot train.</exception>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Workspace workspace)
    {
        CheckBackward(input, batch, workspace);
        CheckTargets(targets, batch);
        BackwardUnchecked(input, Targets.FromValues(targets), batch, workspace);
    }

    /// <summary>Forward, clear gradients, backward: fills <see cref="ParameterBlock.Gradients"/> and returns the loss.</summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="labels">One class per sample.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The loss before any update.</returns>
    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckLabels(labels, batch);
        CheckTrainable();
        return ForwardBackward(input, Targets.FromLabels(labels), batch, workspace);
    }

    /// <summary>Forward, clear gradients, backward against target rows; returns the loss.</summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="targets">[batch, Outputs].</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The loss before any update.</returns>
    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckTargets(targets, batch);
        CheckTrainable();
        return ForwardBackward(input, Targets.FromValues(targets), batch, workspace);
    }

    /// <summary>
    /// Whether every layer and the loss treat each row on their own (<see cref="Layer.IsRowLocal"/>), so a training
    /// step can run its row-local work one range of rows per thread.
    /// </summary>
    internal bool SplitsByRows { get; }

    /// <summary>Whether every layer has a gradient (a step layer has none), so the network can train.</summary>
    public bool IsTrainable
    {
        get
        {
            foreach (Layer layer in _layers)
            {
                if (!layer.IsTrainable)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Releases the parameter and state buffers.</summary>
    public void Dispose()
    {
        Parameters.Dispose();
        _state.Dispose();
    }

    /// <summary>The layers on a checked batch; a training pass (batch statistics, dropout) draws from the next random keys.</summary>
    internal ReadOnlySpan<float> ForwardUnchecked(ReadOnlySpan<float> input, int batch, Workspace workspace, bool training)
    {
        workspace.LossBatch = 0;
        ulong passKey = training ? Dropout.Mix(_seed ^ Dropout.Mix(_trainingPasses++)) : 0;
        MeasureInputDensity(input, workspace);
        ReadOnlySpan<float> current = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            Span<float> output = workspace.Output(i, batch);
            _layers[i].Forward(current, output, batch, Pass(i, workspace, training, backward: false, passKey));
            current = output;
        }

        return current;
    }

    /// <summary>Forward and loss on checked arguments; after a training pass the workspace holds what backward needs.</summary>
    internal float ForwardLoss(ReadOnlySpan<float> input, Targets targets, int batch, Workspace workspace, bool training)
    {
        ReadOnlySpan<float> output = ForwardUnchecked(input, batch, workspace, training);
        float loss = Loss.Forward(output, targets, batch, Outputs, workspace.LossScratch(batch));
        workspace.LossBatch = training ? batch : 0;
        return loss;
    }

    /// <summary>Backward from the loss <see cref="ForwardLoss"/> left in the workspace, adding into the gradients.</summary>
    internal void BackwardUnchecked(ReadOnlySpan<float> input, Targets targets, int batch, Workspace workspace)
    {
        int parity = 0;
        Span<float> dOutput = workspace.Gradient(parity, batch * Outputs);
        Loss.Backward(workspace.Output(_layers.Length - 1, batch), workspace.LossScratch(batch), targets, batch, Outputs, dOutput);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            Layer layer = _layers[i];
            ReadOnlySpan<float> layerInput = i == 0 ? input : workspace.Output(i - 1, batch);

            // The network's input needs no gradient, so the first layer skips its dX product.
            Span<float> dInput = i == 0 ? Span<float>.Empty : workspace.Gradient(1 - parity, batch * layer.Inputs);
            layer.Backward(layerInput, workspace.Output(i, batch), dOutput, dInput, batch, Pass(i, workspace, training: true, backward: true, 0));
            dOutput = dInput;
            parity = 1 - parity;
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s slices of the blocks and the workspace for one pass.</summary>
    internal LayerPass Pass(int layer, Workspace workspace, bool training, bool backward, ulong passKey)
    {
        Range parameters = _offsets[layer].._offsets[layer + 1];
        return new LayerPass(
            Parameters.Values[parameters],
            backward ? Parameters.Gradients[parameters] : Span<float>.Empty,
            _state.Span[_stateOffsets[layer].._stateOffsets[layer + 1]],
            workspace.Saved(layer),
            workspace.Gemm,
            training,
            readsNetworkInput: layer == 0,
            layer == 0 ? workspace.InputDensity : 1f,
            Dropout.Mix(passKey + ((ulong)layer * 0x9E3779B97F4A7C15UL)));
    }

    /// <summary>
    /// A training step's passes on checked arguments: forward and loss, gradients cleared (in the ranges the optimizer
    /// updates, so each range stays on one core from here to the update), backward. With more than one thread and a
    /// row-local network the row-local work runs one range of rows per thread (<see cref="ForwardBackwardByRows"/>);
    /// either way the bits are the same. Returns the loss.
    /// </summary>
    internal float TrainingPasses(ReadOnlySpan<float> input, Targets targets, int batch, Workspace workspace)
    {
        int parts = SplitsByRows ? RowRanges.Parts(batch) : 1;
        if (parts > 1)
        {
            return ForwardBackwardByRows(input, targets, batch, workspace, parts);
        }

        float loss = ForwardLoss(input, targets, batch, workspace, training: true);
        ParameterUpdateDriver.Clear(Parameters.Gradients);
        BackwardUnchecked(input, targets, batch, workspace);
        return loss;
    }

    /// <summary>Measures the network input's nonzero fraction for the first layer, if it asks for it.</summary>
    private void MeasureInputDensity(ReadOnlySpan<float> input, Workspace workspace)
    {
        if (_layers[0].UsesInputDensity)
        {
            workspace.InputDensity = Reductions.NonZeroFraction(input);
        }
    }

    private float ForwardBackward(ReadOnlySpan<float> input, Targets targets, int batch, Workspace workspace)
    {
        float loss = ForwardLoss(input, targets, batch, workspace, training: true);
        Parameters.ZeroGradients();
        BackwardUnchecked(input, targets, batch, workspace);
        return loss;
    }

    private void CheckLayer(int layer)
    {
        if ((uint)layer >= (uint)_layers.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(layer), $"layer {layer} is outside [0, {_layers.Length}).");
        }
    }

    private Dense DenseAt(int layer)
    {
        CheckLayer(layer);
        return _layers[layer] as Dense
            ?? throw new ArgumentException($"Layer {layer} is {_layers[layer].Name}, not Dense.", nameof(layer));
    }
}
