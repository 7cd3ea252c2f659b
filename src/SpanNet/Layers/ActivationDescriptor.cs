using System;

namespace SpanNet.Layers;

/// <summary>
/// Everything SpanNet knows about one element-wise activation, in one place: its name on the command line and in
/// messages, its model-file code, its ONNX form, its arguments α and β, how weights before it are initialised, its
/// forward and backward kernels and its double-precision reference. Layers, the builder, the model file, the gradient
/// check, the ONNX exporter and importer and the CLI all look activations up here (<see cref="ActivationDescriptors"/>).
/// </summary>
public sealed class ActivationDescriptor
{
    private readonly Forward _forward;
    private readonly Backward? _backward;
    private readonly Func<double, double, double, double> _reference;
    private readonly ArgumentRule _alpha;
    private readonly ArgumentRule _beta;
    private readonly OnnxForm? _onnx;

    internal ActivationDescriptor(
        Activation activation,
        string name,
        int modelFileCode,
        string? onnxOperator,
        ArgumentRule alpha,
        ArgumentRule beta,
        float initialisationGain,
        Forward forward,
        Backward? backward,
        Func<double, double, double, double> reference,
        OnnxForm? onnx = null)
    {
        Activation = activation;
        Name = name;
        ModelFileCode = modelFileCode;
        OnnxOperator = onnxOperator;
        _alpha = alpha;
        _beta = beta;
        InitialisationGain = initialisationGain;
        _forward = forward;
        _backward = backward;
        _reference = reference;
        _onnx = onnx;
    }

    /// <summary>Computes <c>y = f(x)</c> element-wise with arguments α and β.</summary>
    internal delegate void Forward(ReadOnlySpan<float> x, float alpha, float beta, Span<float> y);

    /// <summary>
    /// Computes <c>dx = dy · f′</c> element-wise from the forward input <c>x</c> (GELU, SiLU, Softplus need it) or output
    /// <c>y</c> (ReLU, sigmoid, tanh need only that); both are in the workspace already, so neither costs a pass.
    /// </summary>
    internal delegate void Backward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, ReadOnlySpan<float> output, float alpha, float beta, Span<float> dInput);

    /// <summary>Writes the activation's ONNX nodes when it is not one operator with attributes α and β.</summary>
    internal delegate void OnnxForm(OnnxGraphWriter graph, string name, string input, string output, float alpha, float beta);

    /// <summary>The activation.</summary>
    public Activation Activation { get; }

    /// <summary>Its name on the command line and in messages (<c>relu</c>, <c>leaky-relu</c>, <c>gelu</c>, …).</summary>
    public string Name { get; }

    /// <summary>The ONNX operator that computes it (with its α and β as attributes <c>alpha</c>/<c>beta</c>), or null if it is exported as a subgraph or not at all.</summary>
    public string? OnnxOperator { get; }

    /// <summary>Whether it takes a first argument α (leaky ReLU's slope, ELU's α, Softplus's β, HardSigmoid's α, Clip's minimum).</summary>
    public bool HasAlpha => _alpha.Has;

    /// <summary>α when none is given (0 for activations without one).</summary>
    public float DefaultAlpha => _alpha.Default;

    /// <summary>Where α must lie, in words, for messages (<c>in [0, 1)</c>); empty for activations without one.</summary>
    public string AlphaRange => _alpha.Range;

    /// <summary>What α is called for this activation (<c>alpha</c>, <c>beta</c>, <c>min</c>); empty without one.</summary>
    public string AlphaName => _alpha.Name;

    /// <summary>Whether it takes a second argument β (Softplus's threshold, HardSigmoid's β, Clip's maximum).</summary>
    public bool HasBeta => _beta.Has;

    /// <summary>β when none is given (0 for activations without one).</summary>
    public float DefaultBeta => _beta.Default;

    /// <summary>Where β must lie, in words; empty for activations without one.</summary>
    public string BetaRange => _beta.Range;

    /// <summary>What β is called for this activation (<c>threshold</c>, <c>beta</c>, <c>max</c>); empty without one.</summary>
    public string BetaName => _beta.Name;

    /// <summary>Whether it has a usable gradient (the step function has none), so a network with it can train.</summary>
    public bool IsTrainable => _backward is not null;

    /// <summary>
    /// The gain g of the initialisation of the weights that feed it: W ~ N(0, g / inputs), 2 for the ReLU family (He)
    /// and 1 for the saturating ones (Xavier).
    /// </summary>
    public float InitialisationGain { get; }

    /// <summary>The layer code SpanNet's model file stores for it.</summary>
    internal int ModelFileCode { get; }

    /// <summary>Whether <paramref name="alpha"/> is a valid α for it (exactly 0 for activations without one).</summary>
    public bool IsValidAlpha(float alpha) => _alpha.IsValid(alpha);

    /// <summary>Whether <paramref name="beta"/> is a valid β for it (exactly 0 for activations without one).</summary>
    public bool IsValidBeta(float beta) => _beta.IsValid(beta);

    /// <summary>Whether α and β are valid together (Clip needs min ≤ max).</summary>
    public bool AreValidArguments(float alpha, float beta) => IsValidAlpha(alpha) && IsValidBeta(beta) && (!_beta.AtLeastAlpha || beta >= alpha);

    /// <summary>The activation with its arguments in a few words (<c>Relu</c>, <c>LeakyRelu α=0.01</c>, <c>Clip min=-1 max=1</c>).</summary>
    /// <param name="alpha">α, if it has one.</param>
    /// <param name="beta">β, if it has one.</param>
    /// <returns>The description.</returns>
    public string Describe(float alpha, float beta) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Activation}{(HasAlpha ? $" {(_alpha.Name == "alpha" ? "α" : _alpha.Name)}={alpha}" : string.Empty)}{(HasBeta ? $" {(_beta.Name == "beta" ? "β" : _beta.Name)}={beta}" : string.Empty)}");

    /// <summary>The activation of one value in double precision, the reference for gradient checks and tests.</summary>
    public double Reference(double x, double alpha, double beta = 0) => _reference(x, alpha, beta);

    /// <summary>Throws unless α and β are valid for this activation.</summary>
    internal void CheckArguments(float alpha, float beta, string parameterName)
    {
        if (!IsValidAlpha(alpha))
        {
            ThrowHelper.ArgumentOutOfRange(parameterName, HasAlpha
                ? $"α of {Name}{Called(_alpha, "alpha")} must be {AlphaRange}; it was {alpha}."
                : $"{Name} takes no α; it was {alpha}.");
        }

        if (!IsValidBeta(beta))
        {
            ThrowHelper.ArgumentOutOfRange(parameterName, HasBeta
                ? $"β of {Name}{Called(_beta, "beta")} must be {BetaRange}; it was {beta}."
                : $"{Name} takes no β; it was {beta}.");
        }

        if (!AreValidArguments(alpha, beta))
        {
            ThrowHelper.ArgumentOutOfRange(parameterName, $"β of {Name} (its {_beta.Name}) must be at least α (its {_alpha.Name}); they were {alpha} and {beta}.");
        }
    }

    /// <summary>" (its min)" where an argument's own name is not the Greek letter it is stored as.</summary>
    private static string Called(ArgumentRule rule, string letter) => rule.Name == letter ? string.Empty : $" (its {rule.Name})";

    internal void Apply(ReadOnlySpan<float> x, float alpha, float beta, Span<float> y) => _forward(x, alpha, beta, y);

    internal void ApplyBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> input, ReadOnlySpan<float> output, float alpha, float beta, Span<float> dInput)
    {
        if (_backward is null)
        {
            ThrowHelper.InvalidOperation($"{Name} has no gradient (it is 0 almost everywhere), so a network with it cannot be trained; use sigmoid or ReLU.");
        }

        _backward(dOutput, input, output, alpha, beta, dInput);
    }

    /// <summary>Writes the ONNX nodes of this activation: its own form, or its operator with α and β as attributes.</summary>
    internal void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, float alpha, float beta)
    {
        if (_onnx is not null)
        {
            _onnx(graph, name, input, output, alpha, beta);
            return;
        }

        string operatorType = OnnxOperator ?? throw new NotSupportedException($"SpanNet has no ONNX form for {Name}.");
        if (HasAlpha && HasBeta)
        {
            graph.Node(operatorType, name, [input], output, OnnxAttribute.Float("alpha", alpha), OnnxAttribute.Float("beta", beta));
        }
        else if (HasAlpha)
        {
            graph.Node(operatorType, name, [input], output, OnnxAttribute.Float("alpha", alpha));
        }
        else
        {
            graph.Node(operatorType, name, [input], output);
        }
    }

    /// <summary>Whether an activation takes an argument, what it is called, its default and its valid range.</summary>
    internal readonly record struct ArgumentRule(string Name, bool Has, float Default, float Minimum, bool MinimumIncluded, float Maximum, bool MaximumIncluded, string Range)
    {
        public static ArgumentRule None { get; } = new(string.Empty, false, 0f, 0f, true, 0f, true, string.Empty);

        /// <summary>Whether the argument must be at least the first argument (Clip's max ≥ min).</summary>
        public bool AtLeastAlpha { get; init; }

        public bool IsValid(float value) =>
            float.IsFinite(value)
            && (MinimumIncluded ? value >= Minimum : value > Minimum)
            && (MaximumIncluded ? value <= Maximum : value < Maximum)
            && (Has || BitConverter.SingleToInt32Bits(value) == 0);
    }
}
