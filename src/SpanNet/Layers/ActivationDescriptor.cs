using System;

namespace SpanNet.Layers;

/// <summary>
/// Everything SpanNet knows about one element-wise activation, in one place: its name on the command line and in
/// messages, its model-file code, its ONNX operator, its parameter α, how weights before it are initialised, its
/// forward and backward kernels and its double-precision reference. Layers, the builder, the model file, the gradient
/// check, the ONNX exporter and importer and the CLI all look activations up here (<see cref="ActivationDescriptors"/>).
/// </summary>
public sealed class ActivationDescriptor
{
    private readonly Forward _forward;
    private readonly Backward? _backward;
    private readonly Func<double, double, double> _reference;
    private readonly AlphaRule _alpha;

    internal ActivationDescriptor(
        Activation activation,
        string name,
        int modelFileCode,
        string? onnxOperator,
        AlphaRule alpha,
        float initialisationGain,
        Forward forward,
        Backward? backward,
        Func<double, double, double> reference)
    {
        Activation = activation;
        Name = name;
        ModelFileCode = modelFileCode;
        OnnxOperator = onnxOperator;
        _alpha = alpha;
        InitialisationGain = initialisationGain;
        _forward = forward;
        _backward = backward;
        _reference = reference;
    }

    /// <summary>Computes <c>y = f(x)</c> element-wise with parameter α.</summary>
    internal delegate void Forward(ReadOnlySpan<float> x, float alpha, Span<float> y);

    /// <summary>Computes <c>dx = dy · f′</c> element-wise from the forward output <c>y</c>.</summary>
    internal delegate void Backward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> output, float alpha, Span<float> dInput);

    /// <summary>The activation.</summary>
    public Activation Activation { get; }

    /// <summary>Its name on the command line and in messages (<c>relu</c>, <c>leaky-relu</c>, <c>elu</c>, …).</summary>
    public string Name { get; }

    /// <summary>The ONNX operator that computes it (with attribute <c>alpha</c> where it has α), or null if ONNX has none.</summary>
    public string? OnnxOperator { get; }

    /// <summary>Whether it takes a parameter α (leaky ReLU's negative slope, ELU's saturation).</summary>
    public bool HasAlpha => _alpha.HasAlpha;

    /// <summary>α when none is given (0 for activations without one).</summary>
    public float DefaultAlpha => _alpha.Default;

    /// <summary>Where α must lie, in words, for messages (<c>in [0, 1)</c>); empty for activations without one.</summary>
    public string AlphaRange => _alpha.Range;

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

    /// <summary>The activation of one value in double precision, the reference for gradient checks and tests.</summary>
    public double Reference(double x, double alpha) => _reference(x, alpha);

    /// <summary>Throws unless <paramref name="alpha"/> is valid for this activation.</summary>
    internal void CheckAlpha(float alpha, string parameterName)
    {
        if (!IsValidAlpha(alpha))
        {
            ThrowHelper.ArgumentOutOfRange(parameterName, HasAlpha
                ? $"α of {Name} must be {AlphaRange}; it was {alpha}."
                : $"{Name} takes no α; it was {alpha}.");
        }
    }

    internal void Apply(ReadOnlySpan<float> x, float alpha, Span<float> y) => _forward(x, alpha, y);

    internal void ApplyBackward(ReadOnlySpan<float> dOutput, ReadOnlySpan<float> output, float alpha, Span<float> dInput)
    {
        if (_backward is null)
        {
            ThrowHelper.InvalidOperation($"{Name} has no gradient (it is 0 almost everywhere), so a network with it cannot be trained; use sigmoid or ReLU.");
        }

        _backward(dOutput, output, alpha, dInput);
    }

    /// <summary>Whether an activation takes α, its default and its valid range.</summary>
    internal readonly record struct AlphaRule(bool HasAlpha, float Default, float Minimum, bool MinimumIncluded, float Maximum, bool MaximumIncluded, string Range)
    {
        public static AlphaRule None { get; } = new(false, 0f, 0f, true, 0f, true, string.Empty);

        public bool IsValid(float alpha) =>
            float.IsFinite(alpha)
            && (MinimumIncluded ? alpha >= Minimum : alpha > Minimum)
            && (MaximumIncluded ? alpha <= Maximum : alpha < Maximum);
    }
}
