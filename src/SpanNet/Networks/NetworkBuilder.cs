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
/// Dense weights are drawn from the generator seeded by <c>seed</c>, by default (<see cref="WeightInit.HeNormal"/>) from
/// a normal distribution: He (σ = √(2/fan-in)) before ReLU-family activations, Xavier (σ = √(1/fan-in), DLFS's form)
/// otherwise, biases 0; <see cref="InitializeWith"/> chooses PyTorch's uniform default instead. The same seed gives
/// bit-identical weights.
/// </remarks>
public sealed class NetworkBuilder
{
    private readonly List<Layer> _layers = [];
    private readonly List<float> _initScales = [];
    private readonly List<float[]?> _initialStates = [];
    private LossFunction _loss = new SoftmaxCrossEntropyLoss();
    private PredictionOutput? _predictionOutput;
    private WeightInit _weightInit = WeightInit.HeNormal;

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
    /// <param name="beta">β of an activation that has one (<see cref="ActivationDescriptor.HasBeta"/>); null takes its default.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="outputs"/> is not positive, α or β is invalid for the activation, or the layer would have more than
    /// <see cref="Network.MaxParameters"/> weights.
    /// </exception>
    public NetworkBuilder Dense(int outputs, Activation activation = Activation.None, bool bias = true, float? alpha = null, float? beta = null)
    {
        Guard.Positive(outputs);
        Layer? activationLayer = activation == Activation.None ? null : ActivationLayerFor(activation, outputs, alpha, beta);
        int inputs = Width;
        if ((long)inputs * outputs > Network.MaxParameters)
        {
            // The product would wrap in the layer's int arithmetic, and no model file could hold it.
            ThrowHelper.ArgumentOutOfRange(nameof(outputs), $"{inputs} × {outputs} weights exceed the {Network.MaxParameters} parameters a network may have.");
        }

        float gain = activationLayer is ActivationLayer element ? element.Descriptor.InitialisationGain : 1f;
        Add(new Dense(inputs, outputs, bias), MathF.Sqrt(gain / inputs));
        return activationLayer is null ? this : Add(activationLayer);
    }

    /// <summary>Adds an activation layer on its own (the width stays the same).</summary>
    /// <param name="activation">Any activation but <see cref="Activation.None"/>.</param>
    /// <param name="alpha">α of an activation that has one; null takes its default.</param>
    /// <param name="beta">β of an activation that has one; null takes its default.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The activation is None or unknown, or α or β is invalid for it.</exception>
    public NetworkBuilder Activate(Activation activation, float? alpha = null, float? beta = null) => Add(ActivationLayerFor(activation, Width, alpha, beta));

    /// <summary>Adds batch normalisation over the current features (<see cref="Layers.BatchNorm"/>; PyTorch's defaults).</summary>
    /// <param name="epsilon">ε, finite and positive.</param>
    /// <param name="momentum">The weight of each batch in the running statistics, in [0, 1].</param>
    /// <param name="affine">Whether to learn γ and β.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">ε or the momentum is out of range.</exception>
    public NetworkBuilder BatchNorm(float epsilon = Layers.BatchNorm.DefaultEpsilon, float momentum = Layers.BatchNorm.DefaultMomentum, bool affine = true) =>
        Add(new BatchNorm(Width, epsilon, momentum, affine));

    /// <summary>Adds layer normalisation over the current features (<see cref="Layers.LayerNorm"/>).</summary>
    /// <param name="epsilon">ε, finite and positive.</param>
    /// <param name="affine">Whether to learn γ and β.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">ε is not finite and positive.</exception>
    public NetworkBuilder LayerNorm(float epsilon = Layers.LayerNorm.DefaultEpsilon, bool affine = true) => Add(new LayerNorm(Width, epsilon, affine));

    /// <summary>Adds inverted dropout (<see cref="Layers.Dropout"/>): in training each value is zeroed with probability p.</summary>
    /// <param name="probability">p, in [0, 1).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1).</exception>
    public NetworkBuilder Dropout(float probability) => Add(new Dropout(Width, probability));

    /// <summary>Adds PReLU with one trainable slope per feature, starting at 0.25 (<see cref="Layers.PRelu"/>).</summary>
    /// <returns>This builder.</returns>
    public NetworkBuilder PRelu() => Add(new PRelu(Width));

    /// <summary>Adds the fixed standardisation <c>y = (x − mean)/scale</c> per feature (<see cref="Layers.Standardize"/>), never trained.</summary>
    /// <param name="mean">One finite value per feature.</param>
    /// <param name="scale">One finite, nonzero value per feature.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A length is not the current width, a value is not finite, or a scale is 0.</exception>
    public NetworkBuilder Standardize(ReadOnlySpan<float> mean, ReadOnlySpan<float> scale) => AddFixedMap(subtractDivide: true, mean, scale);

    /// <summary>Adds the fixed affine map <c>y = x·multiplier + offset</c> per feature (<see cref="Layers.Standardize"/>), never trained.</summary>
    /// <param name="multiplier">One finite value per feature.</param>
    /// <param name="offset">One finite value per feature.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A length is not the current width or a value is not finite.</exception>
    public NetworkBuilder Affine(ReadOnlySpan<float> multiplier, ReadOnlySpan<float> offset) => AddFixedMap(subtractDivide: false, multiplier, offset);

    /// <summary>
    /// Adds a residual block <c>y = x + f(x)</c>, optionally followed by <paramref name="activation"/>, where f is the
    /// chain <paramref name="inner"/> adds to a builder of the current width; it must end at that width:
    /// <c>.Residual(b =&gt; b.Dense(64, Activation.Gelu).Dense(64))</c>.
    /// </summary>
    /// <param name="inner">Adds f's layers (dense, activations, normalisations, dropout, PReLU; no blocks or fixed maps).</param>
    /// <param name="activation">The activation after the sum, or None.</param>
    /// <param name="alpha">Its α; null takes its default.</param>
    /// <param name="beta">Its β; null takes its default.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">f is empty, does not end at the width, or holds a block or a fixed map; or the activation's arguments are invalid.</exception>
    public NetworkBuilder Residual(Action<NetworkBuilder> inner, Activation activation = Activation.None, float? alpha = null, float? beta = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var block = new NetworkBuilder(Width);
        inner(block);
        foreach (float[]? state in block._initialStates)
        {
            if (state is not null)
            {
                ThrowHelper.Argument(nameof(inner), "A residual block cannot hold a standardisation or fixed affine map; put it before the block.");
            }
        }

        ActivationDescriptor? after = null;
        float a = 0f, b = 0f;
        if (activation != Activation.None)
        {
            if (ActivationLayerFor(activation, Width, alpha, beta) is not ActivationLayer layer)
            {
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "A residual block's activation must be element-wise, not softmax.");
            }

            (after, a, b) = (layer.Descriptor, layer.Alpha, layer.Beta);
        }

        return Add(new ResidualBlock(Width, [.. block._layers], [.. block._initScales], after, a, b));
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

    /// <summary>
    /// Sets how <see cref="Build"/> draws every dense layer's weights and biases, those inside residual blocks included
    /// (the default is <see cref="WeightInit.HeNormal"/>). Only the outermost builder's choice counts: a residual
    /// block's inner builder takes the scheme of the network it is added to.
    /// </summary>
    /// <param name="scheme">The initialisation.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scheme"/> is not a named value.</exception>
    public NetworkBuilder InitializeWith(WeightInit scheme)
    {
        if (!WeightInitialization.IsDefined(scheme))
        {
            throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Choose HeNormal or Uniform.");
        }

        _weightInit = scheme;
        return this;
    }

    /// <summary>Creates the network and initialises its weights from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of the weight initialisation.</param>
    /// <returns>A new network; dispose it to release its buffers.</returns>
    /// <exception cref="InvalidOperationException">No layer was added.</exception>
    public Network Build(int seed = 42)
    {
        Network network = Create(seed);
        var random = new Random(seed);
        for (int i = 0; i < _layers.Count; i++)
        {
            _layers[i].Initialize(network.LayerParameters(i), network.LayerState(i), random, _weightInit, _initScales[i]);
            _initialStates[i]?.CopyTo(network.LayerState(i));
        }

        return network;
    }

    /// <summary>
    /// Creates the network without drawing initial weights, for a caller that sets every parameter itself (the ONNX
    /// importer, which would otherwise pay for a random initialisation it overwrites).
    /// </summary>
    /// <exception cref="InvalidOperationException">No layer was added.</exception>
    internal Network BuildWithoutInitialization() => Create(seed: 0);

    /// <summary>Builds a network from stored layers (the model file's path): parameters and state are set by the caller.</summary>
    internal static Network FromLayers(int inputs, Layer[] layers, LossFunction loss, PredictionOutput predictionOutput) =>
        new(inputs, layers, loss, predictionOutput, seed: 0);

    private Network Create(int seed)
    {
        if (_layers.Count == 0)
        {
            ThrowHelper.InvalidOperation("A network needs at least one layer.");
        }

        return new Network(Inputs, _layers.ToArray(), _loss, _predictionOutput ?? Predictions.DefaultFor(_loss), seed);
    }

    private NetworkBuilder Add(Layer layer, float initScale = 0f, float[]? initialState = null)
    {
        _layers.Add(layer);
        _initScales.Add(initScale);
        _initialStates.Add(initialState);
        return this;
    }

    private NetworkBuilder AddFixedMap(bool subtractDivide, ReadOnlySpan<float> first, ReadOnlySpan<float> second)
    {
        int width = Width;
        Guard.Length(first.Length, width, subtractDivide ? "mean" : "multiplier");
        Guard.Length(second.Length, width, subtractDivide ? "scale" : "offset");
        InputValidation.Finite(first, subtractDivide ? "mean" : "multiplier");
        InputValidation.Finite(second, subtractDivide ? "scale" : "offset");
        var layer = new Standardize(width, subtractDivide);
        float[] state = [.. first, .. second];
        try
        {
            layer.ValidateState(state);
        }
        catch (InvalidLayerRecordException exception)
        {
            ThrowHelper.Argument("scale", $"The standardisation {exception.Message}.");
        }

        return Add(layer, initialState: state);
    }

    /// <summary>The layer applying <paramref name="activation"/> to <paramref name="width"/> values, checked before anything is added.</summary>
    private static Layer ActivationLayerFor(Activation activation, int width, float? alpha, float? beta)
    {
        if (activation == Activation.Softmax)
        {
            if (alpha is not null || beta is not null)
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
        return new ActivationLayer(descriptor, width, alpha ?? descriptor.DefaultAlpha, beta ?? descriptor.DefaultBeta);
    }
}
