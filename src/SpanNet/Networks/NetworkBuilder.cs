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
    /// <param name="activation">The activation after the affine map.</param>
    /// <param name="bias">Whether the layer adds a bias.</param>
    /// <param name="leakySlope">α for <see cref="Activation.LeakyRelu"/>, in [0, 1).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputs"/> is not positive, or the layer would have more than <see cref="IO.ModelFile.MaxParameters"/> weights.</exception>
    public NetworkBuilder Dense(int outputs, Activation activation = Activation.None, bool bias = true, float leakySlope = 0.01f)
    {
        Guard.Positive(outputs);
        Guard.UnitInterval(leakySlope);
        int inputs = Width;
        if ((long)inputs * outputs > IO.ModelFile.MaxParameters)
        {
            // The product would wrap in the layer's int arithmetic, and no model file could hold it.
            ThrowHelper.ArgumentOutOfRange(nameof(outputs), $"{inputs} × {outputs} weights exceed the {IO.ModelFile.MaxParameters} parameters a network may have.");
        }

        _layers.Add(new Dense(inputs, outputs, bias));
        bool reluFamily = activation is Activation.Relu or Activation.LeakyRelu;
        _initScales.Add(MathF.Sqrt((reluFamily ? 2f : 1f) / inputs));
        if (activation != Activation.None)
        {
            Activate(activation, leakySlope);
        }

        return this;
    }

    /// <summary>Adds an activation layer on its own (the width stays the same).</summary>
    /// <param name="activation">Any activation but <see cref="Activation.None"/>.</param>
    /// <param name="leakySlope">α for <see cref="Activation.LeakyRelu"/>.</param>
    /// <returns>This builder.</returns>
    public NetworkBuilder Activate(Activation activation, float leakySlope = 0.01f)
    {
        Guard.UnitInterval(leakySlope);
        int width = Width;
        Layer layer = activation switch
        {
            Activation.Relu => new ActivationLayer(LayerKind.Relu, width),
            Activation.LeakyRelu => new ActivationLayer(LayerKind.LeakyRelu, width, leakySlope),
            Activation.Sigmoid => new ActivationLayer(LayerKind.Sigmoid, width),
            Activation.Tanh => new ActivationLayer(LayerKind.Tanh, width),
            Activation.Step => new ActivationLayer(LayerKind.Step, width),
            Activation.Softmax => new SoftmaxLayer(width),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Choose an activation other than None."),
        };
        _layers.Add(layer);
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

    /// <summary>Creates the network and initialises its weights from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of the weight initialisation.</param>
    /// <returns>A new network; dispose it to release its buffers.</returns>
    /// <exception cref="InvalidOperationException">No layer was added.</exception>
    public Network Build(int seed = 42)
    {
        if (_layers.Count == 0)
        {
            ThrowHelper.InvalidOperation("A network needs at least one layer.");
        }

        var network = new Network(Inputs, _layers.ToArray(), _loss);
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

    /// <summary>Builds a network from stored layers (the model file's path): weights are set by the caller.</summary>
    internal static Network FromLayers(int inputs, Layer[] layers, LossFunction loss) => new(inputs, layers, loss);

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
}
