using System;
using System.Collections.Generic;
using SpanNet.Kernels;
using SpanNet.Kernels.Operators;
using SpanNet.Layers;
using SpanNet.Training.Optimizers;

namespace SpanNet.Networks;

/// <summary>
/// A sequential network: layers applied in order, a loss at the end, every parameter in one <see cref="ParameterBlock"/>.
/// Build one with <see cref="NetworkBuilder"/>; run it with a <see cref="Workspace"/> from <see cref="CreateWorkspace"/>.
/// </summary>
/// <remarks>
/// Every public method checks its whole input (shapes, batch against the workspace's capacity, NaN and ±∞, labels in
/// range) before it writes anything, so a rejected call leaves parameters, gradients and optimizer state as they were.
/// Once warm, <see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Optimizer, Workspace)"/>,
/// <see cref="Forward"/> and <see cref="Predict"/> allocate nothing.
/// </remarks>
public sealed class Network : IDisposable
{
    private readonly Layer[] _layers;
    private readonly int[] _offsets;

    internal Network(int inputs, Layer[] layers, LossFunction loss, PredictionOutput predictionOutput)
    {
        Inputs = inputs;
        _layers = layers;
        Loss = loss;
        PredictionOutput = predictionOutput;
        _offsets = new int[layers.Length + 1];
        for (int i = 0; i < layers.Length; i++)
        {
            _offsets[i + 1] = checked(_offsets[i] + layers[i].ParameterCount);
        }

        Parameters = new ParameterBlock(_offsets[^1]);
        if (layers.Length > 0 && layers[0] is Dense first)
        {
            first.ReadsNetworkInput = true;
        }
    }

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

    /// <summary>Makes a workspace for batches of up to <paramref name="capacity"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public Workspace CreateWorkspace(int capacity) => new(this, capacity);

    /// <summary>Layer <paramref name="layer"/>'s parameters (for a dense layer, W [inputs, outputs] then b).</summary>
    public Span<float> LayerParameters(int layer)
    {
        CheckLayer(layer);
        return Parameters.Values[_offsets[layer].._offsets[layer + 1]];
    }

    /// <summary>Layer <paramref name="layer"/>'s gradients, in the layout of <see cref="LayerParameters"/>.</summary>
    public Span<float> LayerGradients(int layer)
    {
        CheckLayer(layer);
        return Parameters.Gradients[_offsets[layer].._offsets[layer + 1]];
    }

    /// <summary>The weights W of dense layer <paramref name="layer"/>, [inputs, outputs] row-major.</summary>
    /// <exception cref="ArgumentException">The layer is not dense.</exception>
    public Span<float> Weights(int layer) => LayerParameters(layer)[..DenseAt(layer).WeightCount];

    /// <summary>The bias b of dense layer <paramref name="layer"/>.</summary>
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
    /// <exception cref="ArgumentException">The layer is not dense, the length is wrong, or a value is not finite.</exception>
    public void SetWeights(int layer, ReadOnlySpan<float> weights)
    {
        Span<float> destination = Weights(layer);
        Guard.Length(weights.Length, destination.Length, nameof(weights));
        InputValidation.Finite(weights, nameof(weights));
        weights.CopyTo(destination);
    }

    /// <summary>Copies <paramref name="biases"/> into dense layer <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentException">The layer is not dense with bias, the length is wrong, or a value is not finite.</exception>
    public void SetBiases(int layer, ReadOnlySpan<float> biases)
    {
        Span<float> destination = Biases(layer);
        Guard.Length(biases.Length, destination.Length, nameof(biases));
        InputValidation.Finite(biases, nameof(biases));
        biases.CopyTo(destination);
    }

    /// <summary>
    /// Runs the layers on a batch and returns the last layer's output (scores, before the loss's softmax), which stays
    /// valid in the workspace until its next use.
    /// </summary>
    /// <param name="input">[batch, Inputs], row-major.</param>
    /// <param name="batch">Samples, 1 to the workspace's capacity.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>[batch, Outputs].</returns>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        return ForwardUnchecked(input, batch, workspace);
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
        Predictions.Write(PredictionOutput, ForwardUnchecked(input, batch, workspace), output, batch, Outputs);
    }

    /// <summary>The class (argmax of the output) of one sample.</summary>
    /// <param name="sample">Inputs floats.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The index of the largest output.</returns>
    public int Classify(ReadOnlySpan<float> sample, Workspace workspace)
    {
        CheckInput(sample, 1, workspace);
        return Reductions.ArgMax(ForwardUnchecked(sample, 1, workspace));
    }

    /// <summary>The mean loss of a batch against class labels, without touching gradients.</summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="labels">One class per sample, in [0, Outputs).</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The loss.</returns>
    public float ComputeLoss(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckLabels(labels, batch);
        return Loss.Forward(ForwardUnchecked(input, batch, workspace), Targets.FromLabels(labels), batch, Outputs, workspace.LossScratch(batch));
    }

    /// <summary>The mean loss of a batch against target rows, without touching gradients.</summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="targets">[batch, Outputs].</param>
    /// <param name="batch">Samples.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The loss.</returns>
    public float ComputeLoss(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckTargets(targets, batch);
        return Loss.Forward(ForwardUnchecked(input, batch, workspace), Targets.FromValues(targets), batch, Outputs, workspace.LossScratch(batch));
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

    /// <summary>One step of training on a batch with class labels: forward, loss, backward, optimizer step.</summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="labels">One class per sample, in [0, Outputs).</param>
    /// <param name="batch">Samples, 1 to the workspace's capacity.</param>
    /// <param name="optimizer">An optimizer made for this network's parameter count.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The batch's loss before the update.</returns>
    /// <exception cref="ArgumentException">A shape, a value or a label is wrong; nothing was changed.</exception>
    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Optimizer optimizer, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckLabels(labels, batch);
        CheckOptimizer(optimizer);
        CheckTrainable();
        float loss = ForwardBackward(input, Targets.FromLabels(labels), batch, workspace);
        optimizer.Step(Parameters.Values, Parameters.Gradients);
        return loss;
    }

    /// <summary>One step of training on a batch with target rows.</summary>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="targets">[batch, Outputs].</param>
    /// <param name="batch">Samples, 1 to the workspace's capacity.</param>
    /// <param name="optimizer">An optimizer made for this network's parameter count.</param>
    /// <param name="workspace">A workspace made by this network.</param>
    /// <returns>The batch's loss before the update.</returns>
    /// <exception cref="ArgumentException">A shape or a value is wrong; nothing was changed.</exception>
    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Optimizer optimizer, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckTargets(targets, batch);
        CheckOptimizer(optimizer);
        CheckTrainable();
        float loss = ForwardBackward(input, Targets.FromValues(targets), batch, workspace);
        optimizer.Step(Parameters.Values, Parameters.Gradients);
        return loss;
    }

    /// <summary>Releases the parameter buffers.</summary>
    public void Dispose() => Parameters.Dispose();

    internal ReadOnlySpan<float> ForwardUnchecked(ReadOnlySpan<float> input, int batch, Workspace workspace)
    {
        ReadOnlySpan<float> current = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            Span<float> output = workspace.Output(i, batch);
            _layers[i].Forward(current, output, batch, Parameters.Values[_offsets[i].._offsets[i + 1]], workspace.Gemm);
            current = output;
        }

        return current;
    }

    private float ForwardBackward(ReadOnlySpan<float> input, Targets targets, int batch, Workspace workspace)
    {
        ReadOnlySpan<float> output = ForwardUnchecked(input, batch, workspace);
        Span<float> scratch = workspace.LossScratch(batch);
        float loss = Loss.Forward(output, targets, batch, Outputs, scratch);

        Parameters.ZeroGradients();
        int parity = 0;
        Span<float> dOutput = workspace.Gradient(parity, batch * Outputs);
        Loss.Backward(output, scratch, targets, batch, Outputs, dOutput);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            Layer layer = _layers[i];
            ReadOnlySpan<float> layerInput = i == 0 ? input : workspace.Output(i - 1, batch);

            // The network's input needs no gradient, so the first layer skips its dX product.
            Span<float> dInput = i == 0 ? Span<float>.Empty : workspace.Gradient(1 - parity, batch * layer.Inputs);
            Range slice = _offsets[i].._offsets[i + 1];
            layer.Backward(layerInput, workspace.Output(i, batch), dOutput, dInput, batch, Parameters.Values[slice], Parameters.Gradients[slice], workspace.Gemm);
            dOutput = dInput;
            parity = 1 - parity;
        }

        return loss;
    }

    private void CheckInput(ReadOnlySpan<float> input, int batch, Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Network, this))
        {
            ThrowHelper.Argument(nameof(workspace), "The workspace was made for a different network.");
        }

        if (batch < 1 || batch > workspace.Capacity)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(batch), $"batch is {batch}; the workspace holds 1 to {workspace.Capacity} samples.");
        }

        Guard.Length(input.Length, (long)batch * Inputs, nameof(input));
        InputValidation.Finite(input, nameof(input));
    }

    private void CheckLabels(ReadOnlySpan<int> labels, int batch)
    {
        if (!Loss.AcceptsLabels)
        {
            ThrowHelper.Argument(nameof(labels), $"{Loss.Kind} needs target rows, not class labels.");
        }

        Guard.Length(labels.Length, batch, nameof(labels));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)Outputs)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(labels), $"labels[{i}] is {labels[i]}; classes are 0 to {Outputs - 1}.");
            }
        }
    }

    private void CheckTargets(ReadOnlySpan<float> targets, int batch)
    {
        Guard.Length(targets.Length, (long)batch * Outputs, nameof(targets));
        InputValidation.Finite(targets, nameof(targets));
    }

    private void CheckOptimizer(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer.ParameterCount != Parameters.Length)
        {
            ThrowHelper.Argument(nameof(optimizer), $"The optimizer was made for {optimizer.ParameterCount} parameters; this network has {Parameters.Length}.");
        }
    }

    private void CheckTrainable()
    {
        foreach (Layer layer in _layers)
        {
            if (!layer.IsTrainable)
            {
                ThrowHelper.InvalidOperation($"The network has a {layer.Kind} layer, which has no gradient, so it cannot be trained.");
            }
        }
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
            ?? throw new ArgumentException($"Layer {layer} is {_layers[layer].Kind}, not Dense.", nameof(layer));
    }
}
