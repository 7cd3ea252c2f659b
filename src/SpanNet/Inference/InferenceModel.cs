using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using SpanNet.IO;
using SpanNet.Kernels.LowPrecision;
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
/// into that layer's weights and bias, so it costs nothing. At <see cref="WeightPrecision.BFloat16"/> or
/// <see cref="WeightPrecision.Int8"/> the folded weights are then rounded or quantized (see <see cref="Precision"/>),
/// those of the dense layers inside a residual block too; activations, biases and every other layer stay fp32.
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

    private InferenceModel(int inputs, Layer[] layers, LossFunction loss, PredictionOutput prediction, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state, WeightPrecision precision)
    {
        Inputs = inputs;
        Outputs = layers[^1].Outputs;
        Loss = loss;
        PredictionOutput = prediction;
        _layers = layers;
        _readOnlyLayers = Array.AsReadOnly(_layers);
        Precision = precision;
        foreach (Layer layer in layers)
        {
            if (precision == WeightPrecision.Int8 && layer is Dense or ResidualBlock && layer.Inputs > Int8Weights.MaxInputs)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(precision), $"int8 weights take at most {Int8Weights.MaxInputs} inputs per dense layer; one has {layer.Inputs}.");
            }
        }

        _steps = SampleStepChain.Build(layers, parameters, state);

        // After the chain has folded every affine map into its dense step, so a BatchNorm is quantized with the weights;
        // a residual block converts the dense steps inside it too.
        Func<DenseSampleStep, SampleStep>? convert = precision switch
        {
            WeightPrecision.BFloat16 => dense => dense.ToBFloat16(),
            WeightPrecision.Int8 => dense => dense.ToInt8(),
            _ => null,
        };
        for (int i = 0; convert is not null && i < _steps.Length; i++)
        {
            _steps[i] = _steps[i].ConvertDense(convert);
        }

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

    /// <summary>How the dense layers' weights are stored (<see cref="WeightPrecision.Fp32"/> unless the model was made with another).</summary>
    public WeightPrecision Precision { get; }

    /// <summary>The widest (padded) output of any step: the length of a session's activation buffers.</summary>
    internal int WidestActivation { get; }

    /// <summary>The scratch rows a step needs besides its input and output (a residual block's inner layers).</summary>
    internal int ScratchLength { get; }

    internal ReadOnlySpan<SampleStep> Steps => _steps;

    /// <summary>Freezes a copy of <paramref name="network"/>'s architecture, current parameters and state.</summary>
    /// <param name="network">A network, trained or not; it is only read.</param>
    /// <returns>A model independent of <paramref name="network"/> from now on.</returns>
    /// <exception cref="ArgumentException">A parameter or state value is NaN or ±∞ (training diverged).</exception>
    public static InferenceModel FromNetwork(Network network) => FromNetwork(network, WeightPrecision.Fp32);

    /// <summary>
    /// Freezes a copy of <paramref name="network"/>'s architecture, current parameters and state, its dense layers'
    /// weights stored at <paramref name="precision"/> (after any BatchNorm or standardisation is folded into them).
    /// </summary>
    /// <param name="network">A network, trained or not; it is only read.</param>
    /// <param name="precision">How to store the dense weights (those inside a residual block too).</param>
    /// <returns>A model independent of <paramref name="network"/> from now on.</returns>
    /// <exception cref="ArgumentException">A parameter or state value is NaN or ±∞ (training diverged).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not a defined value, or it is <see cref="WeightPrecision.Int8"/> and a dense layer has more than 65,536 inputs.</exception>
    public static InferenceModel FromNetwork(Network network, WeightPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckPrecision(precision);

        // The session skips zero inputs, which is exact only for finite weights (0 · ∞ would be NaN).
        InputValidation.Finite(network.Parameters.Values, nameof(network));
        InputValidation.Finite(network.State, nameof(network));
        var layers = new Layer[network.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = network.Layers[i];
        }

        return new InferenceModel(network.Inputs, layers, network.Loss, network.PredictionOutput, network.Parameters.Values, network.State, precision);
    }

    /// <summary>Reads a model file written by <see cref="ModelFile.Save(Network, string)"/> and freezes it.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="System.IO.InvalidDataException">The file is not a valid SpanNet model (see <see cref="ModelFile"/> for what is checked and the limits).</exception>
    /// <exception cref="System.IO.IOException">The file cannot be read (<see cref="System.IO.FileNotFoundException"/> when it does not exist).</exception>
    /// <remarks>The numbers go from the validated file into the model's layout; no training network (with its gradients) is built.</remarks>
    public static InferenceModel Load(string path) => Load(path, WeightPrecision.Fp32);

    /// <summary>Reads a model file written by <see cref="ModelFile.Save(Network, string)"/> and freezes it with its dense weights at <paramref name="precision"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="precision">How to store the dense weights (see <see cref="FromNetwork(Network, WeightPrecision)"/>).</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not a defined value, or it is <see cref="WeightPrecision.Int8"/> and a dense layer has more than 65,536 inputs.</exception>
    /// <exception cref="System.IO.InvalidDataException">The file is not a valid SpanNet model (see <see cref="ModelFile"/> for what is checked and the limits).</exception>
    /// <exception cref="System.IO.IOException">The file cannot be read (<see cref="System.IO.FileNotFoundException"/> when it does not exist).</exception>
    public static InferenceModel Load(string path, WeightPrecision precision)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckPrecision(precision);
        return FromModelBytes(System.IO.File.ReadAllBytes(path), path, precision);
    }

    /// <summary>Builds a model from model-file bytes; <paramref name="source"/> names them in errors.</summary>
    internal static InferenceModel FromModelBytes(ReadOnlySpan<byte> bytes, string source, WeightPrecision precision = WeightPrecision.Fp32)
    {
        ModelDescription description = ModelDescription.Parse(bytes, source);
        float[] parameters = new float[description.ParameterCount];
        float[] state = new float[description.StateCount];
        description.CopyParameters(0, parameters);
        description.CopyState(0, state);
        return new InferenceModel(description.Inputs, description.Layers, description.Loss, description.Prediction, parameters, state, precision);
    }

    private static void CheckPrecision(WeightPrecision precision)
    {
        if (precision is not (WeightPrecision.Fp32 or WeightPrecision.BFloat16 or WeightPrecision.Int8))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(precision), $"{precision} is not a weight precision (Fp32, BFloat16 or Int8).");
        }
    }

    /// <summary>A new session over this model: the per-thread buffers one forward pass needs.</summary>
    /// <returns>A session; use it from one thread at a time, and dispose it when done.</returns>
    public InferenceSession CreateSession() => new(this);
}
