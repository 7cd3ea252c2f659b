using System;
using System.Collections.Generic;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// PReLU (PyTorch's <c>nn.PReLU(num_parameters=features)</c>): <c>y = x &gt; 0 ? x : a[j]·x</c> with one trainable slope
/// per feature, starting at 0.25 as PyTorch's do. The slopes are parameters: stepped by the optimizer, saved and exported.
/// </summary>
public sealed class PRelu : Layer
{
    /// <summary>PyTorch's initial slope.</summary>
    public const float InitialSlope = 0.25f;

    internal const int Code = 25;

    internal PRelu(int features)
        : base(features, features)
    {
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.PRelu;

    /// <summary>One slope per feature.</summary>
    public override int ParameterCount => Outputs;

    internal override LayerRecord Record => new(Code, Outputs, 0, 0f, 0f, 0);

    internal static Layer Read(in LayerRecord record, int inputs)
    {
        LayerKinds.RequireWidth(record, inputs);
        LayerKinds.RequireFlags(record, 0);
        LayerKinds.RequireNoNumbers(record);
        return new PRelu(inputs);
    }

    internal override void Initialize(Span<float> parameters, Span<float> state, Random random, WeightInit scheme, float weightScale) =>
        parameters.Fill(InitialSlope);

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass) =>
        Activations.PRelu(input[..(batch * Outputs)], pass.Parameters, output[..(batch * Outputs)], batch, Outputs);

    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        int count = batch * Outputs;
        Activations.PReluBackward(dOutput[..count], input[..count], pass.Parameters, dInput.IsEmpty ? dInput : dInput[..count], pass.Gradients, batch, Outputs);
    }

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        var y = new double[input.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = input[i] > 0 ? input[i] : parameters[i % Outputs] * input[i];
        }

        return y;
    }

    internal override void AddParameterTensors(List<ParameterTensorSlice> tensors, int offset) =>
        tensors.Add(new(ParameterTensor.Slopes, offset, Outputs));

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        new PReluSampleStep(parameters.ToArray());

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        string slopes = graph.Constant(name + ".slope", parameters, Outputs);
        graph.Node("PRelu", name, [input, slopes], output);
    }

    /// <summary>PReLU of one row.</summary>
    private sealed class PReluSampleStep(float[] slopes) : SampleStep(slopes.Length, slopes.Length)
    {
        public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB) =>
            Activations.PRelu(input, slopes, output[..Outputs], 1, Outputs);
    }
}
