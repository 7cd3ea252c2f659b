using System;
using System.Collections.Generic;
using SpanNet.Layers;

namespace SpanNet.Networks;

/// <summary>
/// Builds a <see cref="Network"/> layer by layer, in the spirit of Keras' <c>Sequential().add(Dense(…))</c>:
/// <code>
/// using Network net = new NetworkBuilder(inputs: 784)
///     .Dense(100, Activation.Relu)
///     .Dense(10)
///     .Loss(new SoftmaxCrossEntropyLoss())
///     .Build(seed: 42);
/// </code>
/// </summary>
/// <remarks>
/// Dense weights are drawn from a normal distribution seeded by <c>seed</c>: He (σ = √(2/fan-in)) before ReLU-family
/// activations, Xavier (σ = √(1/fan-in), DLFS's form) otherwise; biases start at 0. The same seed gives bit-identical
/// weights.
/// </remarks>
public sealed class NetworkBuilder
{
    private readonly List<Layer> _layers = [];
    private readonly List<float> _initScales = [];
    private LossFunction _loss = new SoftmaxCrossEntropyLoss();
    private PredictionOutput? _predictionOutput;

    /// <summary>Starts a network taking <paramref name="inputs"/> features per sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputs"/> is not positive.</exception>
    public NetworkBuilder(int inputs)
    {
        Guard.Positive(inputs);
        Inputs = inputs;
    }

    /// <summary>Features per input sample.</summary>
    public int Inputs { get; }

    private int Width => _layers.Count == 0 ? Inputs : _layers[^1].Outputs;

    /// <summary>Adds a dense layer of <paramref name="outputs"/> units, followed by <paramref name="activation"/>.</summary>
    /// <param name="outputs">Units, at least 1.</param>
    /// <param name="activation">The activation after the affine map; its descriptor's gain sets the weights' initial scale.</param>
    /// <param name="bias">Whether the layer adds a bias.</param>
    /// <param name="alpha">α of an activation that has one (<see cref="ActivationDescriptor.HasAlpha"/>); null takes its default.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="outputs"/> is not positive, α is invalid for the activation, or the layer would have more than
    /// <see cref="Network.MaxParameters"/> weights.
    /// </exception>
    public NetworkBuilder Dense(int outputs, Activation activation = Activation.None, bool bias = true, float? alpha = null)
    {
        Guard.Positive(outputs);
        Layer? activationLayer = activation == Activation.None ? null : ActivationLayerFor(activation, outputs, alpha);
        int inputs = Width;
        if ((long)inputs * outputs > Network.MaxParameters)
        {
            // The product would wrap in the layer's int arithmetic, and no model file could hold it.
            ThrowHelper.ArgumentOutOfRange(nameof(outputs), $"{inputs} × {outputs} weights exceed the {Network.MaxParameters} parameters a network may have.");
        }

        _layers.Add(new Dense(inputs, outputs, bias));
        float gain = activationLayer is ActivationLayer element ? element.Descriptor.InitialisationGain : 1f;
        _initScales.Add(MathF.Sqrt(gain / inputs));
        if (activationLayer is not null)
        {
            _layers.Add(activationLayer);
            _initScales.Add(0f);
        }

        return this;
    }

    /// <summary>Adds an activation layer on its own (the width stays the same).</summary>
    /// <param name="activation">Any activation but <see cref="Activation.None"/>.</param>
    /// <param name="alpha">α of an activation that has one; null takes its default.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The activation is None or unknown, or α is invalid for it.</exception>
    public NetworkBuilder Activate(Activation activation, float? alpha = null)
    {
        _layers.Add(ActivationLayerFor(activation, Width, alpha));
        _initScales.Add(0f);
        return this;
    }

    /// <summary>Sets the loss (the default is <see cref="SoftmaxCrossEntropyLoss"/>).</summary>
    /// <param name="loss">The loss.</param>
    /// <returns>This builder.</returns>
    public NetworkBuilder Loss(LossFunction loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _loss = loss;
        return this;
    }

    /// <summary>
    /// Sets what the network predicts from its last layer's scores. The default follows the loss: probabilities for
    /// <see cref="SoftmaxCrossEntropyLoss"/>, the scores themselves for every other loss.
    /// </summary>
    /// <param name="output">Scores, probabilities or log-probabilities.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is not a named value.</exception>
    public NetworkBuilder Predicting(PredictionOutput output)
    {
        if (!Predictions.IsDefined(output))
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, "Choose Scores, Probabilities or LogProbabilities.");
        }

        _predictionOutput = output;
        return this;
    }

    /// <summary>Creates the network and initialises its weights from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of the weight initialisation.</param>
    /// <returns>A new network; dispose it to release its buffers.</returns>
    /// <exception cref="InvalidOperationException">No layer was added.</exception>
    public Network Build(int seed = 42)
    {
        Network network = BuildWithoutInitialization();
        var random = new Random(seed);
        for (int i = 0; i < _layers.Count; i++)
        {
            if (_layers[i] is Dense)
            {
                FillNormal(network.Weights(i), _initScales[i], random);
            }
        }

        return network;
    }

    /// <summary>
    /// Creates the network without drawing initial weights, for a caller that sets every parameter itself (the ONNX
    /// importer, which would otherwise pay for a random initialisation it overwrites).
    /// </summary>
    /// <exception cref="InvalidOperationException">No layer was added.</exception>
    internal Network BuildWithoutInitialization()
    {
        if (_layers.Count == 0)
        {
            ThrowHelper.InvalidOperation("A network needs at least one layer.");
        }

        return new Network(Inputs, _layers.ToArray(), _loss, _predictionOutput ?? Predictions.DefaultFor(_loss));
    }

    /// <summary>Builds a network from stored layers (the model file's path): weights are set by the caller.</summary>
    internal static Network FromLayers(int inputs, Layer[] layers, LossFunction loss, PredictionOutput predictionOutput) =>
        new(inputs, layers, loss, predictionOutput);

    private static void FillNormal(Span<float> values, float scale, Random random)
    {
        // Box–Muller in double: two uniforms give two independent standard normals.
        for (int i = 0; i < values.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2) * scale);
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2) * scale);
            }
        }
    }

    /// <summary>The layer applying <paramref name="activation"/> to <paramref name="width"/> values, checked before anything is added.</summary>
    private static Layer ActivationLayerFor(Activation activation, int width, float? alpha)
    {
        if (activation == Activation.Softmax)
        {
            if (alpha is not null)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(alpha), "softmax takes no α.");
            }

            return new SoftmaxLayer(width);
        }

        if (activation == Activation.None)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(activation), "Choose an activation other than None.");
        }

        ActivationDescriptor descriptor = ActivationDescriptors.For(activation);
        return new ActivationLayer(descriptor, width, alpha ?? descriptor.DefaultAlpha);
    }
}
