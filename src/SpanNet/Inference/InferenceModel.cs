using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using SpanNet.IO;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Memory;
using SpanNet.Networks;

namespace SpanNet.Inference;

/// <summary>
/// A trained network frozen for inference: its own copy of the parameters, laid out for single-sample latency, and
/// never written after construction, so any number of threads may share one model. Each thread runs it through its
/// own <see cref="InferenceSession"/> from <see cref="CreateSession"/>.
/// </summary>
/// <remarks>
/// <para>
/// The parameters are copied, so training the source network further (or disposing it) does not change the model.
/// Each dense layer's weights are stored [inputs, outputs] with rows padded to whole 64-byte cache lines, which is
/// what the one-row product in the session reads fastest.
/// </para>
/// <para>
/// Not <see cref="IDisposable"/>: the buffer is managed memory (a pinned array) that the GC reclaims once the model
/// and its sessions are unreachable, and a model shared by many threads has no safe moment to be disposed.
/// </para>
/// <code>
/// InferenceModel model = InferenceModel.Load("spannet-mnist.model");
/// using InferenceSession session = model.CreateSession();   // one per thread
/// int digit = session.Classify(image);                      // no allocation, no lock
/// </code>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "An unpooled AlignedBuffer is a pinned managed array with nothing to release; see the remarks.")]
public sealed class InferenceModel
{
    private readonly AlignedBuffer _parameters;
    private readonly InferenceStep[] _steps;
    private readonly Layer[] _layers;
    private readonly ReadOnlyCollection<Layer> _readOnlyLayers;

    private InferenceModel(int inputs, Layer[] layers, LossFunction loss, PredictionOutput prediction)
    {
        Inputs = inputs;
        Outputs = layers[^1].Outputs;
        Loss = loss;
        PredictionOutput = prediction;
        _layers = layers;
        _steps = new InferenceStep[_layers.Length];
        int length = 0;
        for (int i = 0; i < _layers.Length; i++)
        {
            Layer layer = _layers[i];
            if (layer is Dense dense)
            {
                int stride = SparseGemv.PaddedStride(dense.Outputs);
                int weightsOffset = length;
                int biasOffset = checked(weightsOffset + (dense.Inputs * stride));
                length = checked(biasOffset + stride);
                _steps[i] = new InferenceStep(LayerKind.Dense, dense.Inputs, dense.Outputs, stride, weightsOffset, biasOffset, null, 0f);
                WidestActivation = Math.Max(WidestActivation, stride);
            }
            else
            {
                var activation = layer as ActivationLayer;
                _steps[i] = new InferenceStep(layer.Kind, layer.Inputs, layer.Outputs, layer.Outputs, 0, 0, activation?.Descriptor, activation?.Alpha ?? 0f);
                WidestActivation = Math.Max(WidestActivation, layer.Outputs);
            }
        }

        _readOnlyLayers = Array.AsReadOnly(_layers);

        // Zero-filled, so the padding columns of every weight row and bias are 0 and padded outputs come out 0.
        _parameters = new AlignedBuffer(length);
    }

    /// <summary>Features per input sample.</summary>
    public int Inputs { get; }

    /// <summary>Features per output sample.</summary>
    public int Outputs { get; }

    /// <summary>The layers, first to last (layers hold only their sizes and kind, never parameters).</summary>
    public IReadOnlyList<Layer> Layers => _readOnlyLayers;

    /// <summary>The loss the network was trained with.</summary>
    public LossFunction Loss { get; }

    /// <summary>What <see cref="InferenceSession.Predict(ReadOnlySpan{float}, Span{float})"/> returns from the last layer's scores.</summary>
    public PredictionOutput PredictionOutput { get; }

    /// <summary>The widest (padded) output of any layer: the length of a session's activation buffers.</summary>
    internal int WidestActivation { get; }

    internal ReadOnlySpan<InferenceStep> Steps => _steps;

    internal ReadOnlySpan<float> Parameters => _parameters.Span;

    /// <summary>Freezes a copy of <paramref name="network"/>'s architecture and current parameters.</summary>
    /// <param name="network">A network, trained or not; it is only read.</param>
    /// <returns>A model independent of <paramref name="network"/> from now on.</returns>
    /// <exception cref="ArgumentException">A parameter is NaN or ±∞ (training diverged).</exception>
    public static InferenceModel FromNetwork(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);

        // The session skips zero inputs, which is exact only for finite weights (0 · ∞ would be NaN).
        InputValidation.Finite(network.Parameters.Values, nameof(network));
        var layers = new Layer[network.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = network.Layers[i];
        }

        var model = new InferenceModel(network.Inputs, layers, network.Loss, network.PredictionOutput);
        Span<float> parameters = model._parameters.Span;
        for (int i = 0; i < layers.Length; i++)
        {
            InferenceStep step = model._steps[i];
            if (step.Kind != LayerKind.Dense)
            {
                continue;
            }

            ReadOnlySpan<float> weights = network.Weights(i);
            for (int row = 0; row < step.Inputs; row++)
            {
                weights.Slice(row * step.Outputs, step.Outputs).CopyTo(parameters.Slice(step.WeightsOffset + (row * step.Stride), step.Outputs));
            }

            if (((Dense)layers[i]).HasBias)
            {
                network.Biases(i).CopyTo(parameters.Slice(step.BiasOffset, step.Outputs));
            }
        }

        return model;
    }

    /// <summary>Reads a model file written by <see cref="ModelFile.Save(Network, string)"/> and freezes it.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="System.IO.InvalidDataException">The file is not a valid SpanNet model (see <see cref="ModelFile"/> for what is checked and the limits).</exception>
    /// <exception cref="System.IO.IOException">The file cannot be read (<see cref="System.IO.FileNotFoundException"/> when it does not exist).</exception>
    /// <remarks>The weights go straight from the validated file into the model's layout; no training network (with its gradients) is built.</remarks>
    public static InferenceModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromModelBytes(System.IO.File.ReadAllBytes(path), path);
    }

    /// <summary>Builds a model from model-file bytes; <paramref name="source"/> names them in errors.</summary>
    internal static InferenceModel FromModelBytes(ReadOnlySpan<byte> bytes, string source)
    {
        ModelDescription description = ModelDescription.Parse(bytes, source);
        var model = new InferenceModel(description.Inputs, description.Layers, description.Loss, description.Prediction);
        Span<float> parameters = model._parameters.Span;
        int stored = 0;
        for (int i = 0; i < description.Layers.Length; i++)
        {
            InferenceStep step = model._steps[i];
            if (description.Layers[i] is not Dense dense)
            {
                continue;
            }

            for (int row = 0; row < step.Inputs; row++, stored += step.Outputs)
            {
                description.CopyParameters(stored, parameters.Slice(step.WeightsOffset + (row * step.Stride), step.Outputs));
            }

            if (dense.HasBias)
            {
                description.CopyParameters(stored, parameters.Slice(step.BiasOffset, step.Outputs));
                stored += step.Outputs;
            }
        }

        return model;
    }

    /// <summary>A new session over this model: the per-thread buffers one forward pass needs.</summary>
    /// <returns>A session; use it from one thread at a time, and dispose it when done.</returns>
    public InferenceSession CreateSession() => new(this);
}
