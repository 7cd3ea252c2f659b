using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using SpanNet.IO;
using SpanNet.Layers;
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
/// Each layer becomes one inference step (its kind's own): a dense layer's weights are stored [inputs, outputs] with
/// rows padded to whole 64-byte cache lines, which is what the one-row product in the session reads fastest, and a
/// per-feature affine map after a dense layer (an inference-mode BatchNorm, a standardisation, a dropout) is folded
/// into that layer's weights and bias, so it costs nothing.
/// </para>
/// <para>
/// Not <see cref="IDisposable"/>: the buffers are managed memory (pinned arrays) that the GC reclaims once the model
/// and its sessions are unreachable, and a model shared by many threads has no safe moment to be disposed.
/// </para>
/// <code>
/// InferenceModel model = InferenceModel.Load("spannet-mnist.model");
/// using InferenceSession session = model.CreateSession();   // one per thread
/// int digit = session.Classify(image);                      // no allocation, no lock
/// </code>
/// </remarks>
public sealed class InferenceModel
{
    private readonly SampleStep[] _steps;
    private readonly Layer[] _layers;
    private readonly ReadOnlyCollection<Layer> _readOnlyLayers;

    private InferenceModel(int inputs, Layer[] layers, LossFunction loss, PredictionOutput prediction, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        Inputs = inputs;
        Outputs = layers[^1].Outputs;
        Loss = loss;
        PredictionOutput = prediction;
        _layers = layers;
        _readOnlyLayers = Array.AsReadOnly(_layers);
        _steps = SampleStepChain.Build(layers, parameters, state);
        foreach (SampleStep step in _steps)
        {
            WidestActivation = Math.Max(WidestActivation, step.Stride);
            ScratchLength = Math.Max(ScratchLength, step.ScratchLength);
        }
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

    /// <summary>The widest (padded) output of any step: the length of a session's activation buffers.</summary>
    internal int WidestActivation { get; }

    /// <summary>The scratch rows a step needs besides its input and output (a residual block's inner layers).</summary>
    internal int ScratchLength { get; }

    internal ReadOnlySpan<SampleStep> Steps => _steps;

    /// <summary>Freezes a copy of <paramref name="network"/>'s architecture, current parameters and state.</summary>
    /// <param name="network">A network, trained or not; it is only read.</param>
    /// <returns>A model independent of <paramref name="network"/> from now on.</returns>
    /// <exception cref="ArgumentException">A parameter or state value is NaN or ±∞ (training diverged).</exception>
    public static InferenceModel FromNetwork(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);

        // The session skips zero inputs, which is exact only for finite weights (0 · ∞ would be NaN).
        InputValidation.Finite(network.Parameters.Values, nameof(network));
        InputValidation.Finite(network.State, nameof(network));
        var layers = new Layer[network.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = network.Layers[i];
        }

        return new InferenceModel(network.Inputs, layers, network.Loss, network.PredictionOutput, network.Parameters.Values, network.State);
    }

    /// <summary>Reads a model file written by <see cref="ModelFile.Save(Network, string)"/> and freezes it.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="System.IO.InvalidDataException">The file is not a valid SpanNet model (see <see cref="ModelFile"/> for what is checked and the limits).</exception>
    /// <exception cref="System.IO.IOException">The file cannot be read (<see cref="System.IO.FileNotFoundException"/> when it does not exist).</exception>
    /// <remarks>The numbers go from the validated file into the model's layout; no training network (with its gradients) is built.</remarks>
    public static InferenceModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromModelBytes(System.IO.File.ReadAllBytes(path), path);
    }

    /// <summary>Builds a model from model-file bytes; <paramref name="source"/> names them in errors.</summary>
    internal static InferenceModel FromModelBytes(ReadOnlySpan<byte> bytes, string source)
    {
        ModelDescription description = ModelDescription.Parse(bytes, source);
        float[] parameters = new float[description.ParameterCount];
        float[] state = new float[description.StateCount];
        description.CopyParameters(0, parameters);
        description.CopyState(0, state);
        return new InferenceModel(description.Inputs, description.Layers, description.Loss, description.Prediction, parameters, state);
    }

    /// <summary>A new session over this model: the per-thread buffers one forward pass needs.</summary>
    /// <returns>A session; use it from one thread at a time, and dispose it when done.</returns>
    public InferenceSession CreateSession() => new(this);
}
