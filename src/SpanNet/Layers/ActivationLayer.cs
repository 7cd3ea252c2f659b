using System;

namespace SpanNet.Layers;

/// <summary>
/// An element-wise activation as a layer: the same width in and out, no parameters, and a backward pass that reads
/// the forward input or output, whichever its derivative needs (both are in the workspace already).
/// </summary>
public sealed class ActivationLayer : Layer
{
    internal ActivationLayer(ActivationDescriptor descriptor, int width, float alpha, float beta = 0f)
        : base(width, width)
    {
        descriptor.CheckArguments(alpha, beta, nameof(alpha));
        Descriptor = descriptor;
        Alpha = alpha;
        Beta = beta;
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Activation;

    /// <inheritdoc/>
    public override string Name => Activation.ToString();

    /// <summary>Which activation this layer applies.</summary>
    public Activation Activation => Descriptor.Activation;

    /// <summary>Everything about the activation: name, kernels, reference, ONNX form.</summary>
    public ActivationDescriptor Descriptor { get; }

    /// <summary>α, the first argument (<see cref="ActivationDescriptor.AlphaName"/>); 0 for activations without one.</summary>
    public float Alpha { get; }

    /// <summary>β, the second argument (<see cref="ActivationDescriptor.BetaName"/>); 0 for activations without one.</summary>
    public float Beta { get; }

    /// <inheritdoc/>
    public override bool IsTrainable => Descriptor.IsTrainable;

    /// <inheritdoc/>
    public override string ToString() => Descriptor.Describe(Alpha, Beta);

    internal override LayerRecord Record => new(Descriptor.ModelFileCode, Outputs, 0, Alpha, Beta, 0);

    /// <summary>Reads an activation record: the width kept, no flags, α and β valid for the activation.</summary>
    internal static Layer Read(ActivationDescriptor descriptor, in LayerRecord record, int inputs)
    {
        LayerKinds.RequireWidth(record, inputs);
        LayerKinds.RequireFlags(record, 0);
        if (!descriptor.IsValidAlpha(record.First))
        {
            throw new InvalidLayerRecordException(descriptor.HasAlpha
                ? $"has α (slope) {record.First}; it must be {descriptor.AlphaRange}"
                : $"has α (slope) {record.First}; {descriptor.Name} takes none, and it must be stored as 0");
        }

        if (!descriptor.IsValidBeta(record.Second) || !descriptor.AreValidArguments(record.First, record.Second))
        {
            throw new InvalidLayerRecordException(descriptor.HasBeta
                ? $"has β {record.Second}; it must be {descriptor.BetaRange} and not below α"
                : $"has β {record.Second}; {descriptor.Name} takes none, and it must be stored as 0");
        }

        return new ActivationLayer(descriptor, inputs, record.First, record.Second);
    }

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass) =>
        Descriptor.Apply(input, Alpha, Beta, output);

    internal override bool IsRowLocal => true;

    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        if (!dInput.IsEmpty)
        {
            BackwardToInput(input, output, dOutput, dInput, batch, pass);
        }
    }

    internal override void BackwardToInput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int rows, in LayerPass pass) =>
        Descriptor.ApplyBackward(dOutput, input, output, Alpha, Beta, dInput);

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        var y = new double[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            y[i] = Descriptor.Reference(input[i], Alpha, Beta);
        }

        return y;
    }

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) => new ActivationSampleStep(this);

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        Descriptor.WriteOnnx(graph, name, input, output, Alpha, Beta);

    /// <summary>The activation on one sample.</summary>
    private sealed class ActivationSampleStep(ActivationLayer layer) : SampleStep(layer.Inputs, layer.Outputs)
    {
        public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB) =>
            layer.Descriptor.Apply(input, layer.Alpha, layer.Beta, output[..Outputs]);
    }
}
