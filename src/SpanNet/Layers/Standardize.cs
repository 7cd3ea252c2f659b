using System;
using System.Globalization;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// A fixed per-feature affine map, never trained: how a model carries its own input scaling. Either
/// <c>y = (x − a)/b</c> (a standardisation by mean a and scale b, computed in that form so it matches what an exporter
/// wrote) or <c>y = x·a + b</c>. The numbers are the layer's state: saved, loaded and exported, not seen by an optimizer.
/// </summary>
public sealed class Standardize : Layer
{
    internal const int Code = 23;

    private const int SubtractDivideFlag = 1;

    internal Standardize(int features, bool subtractDivide)
        : base(features, features)
    {
        IsSubtractDivide = subtractDivide;
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Standardize;

    /// <summary>Whether the map is <c>(x − a)/b</c>; otherwise it is <c>x·a + b</c>.</summary>
    public bool IsSubtractDivide { get; }

    /// <summary>a then b, one of each per feature.</summary>
    public override int StateCount => 2 * Outputs;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(IsSubtractDivide ? "Standardize" : "Affine")} {Outputs}");

    internal override LayerRecord Record => new(Code, Outputs, IsSubtractDivide ? SubtractDivideFlag : 0, 0f, 0f, 0);

    internal static Layer Read(in LayerRecord record, int inputs)
    {
        LayerKinds.RequireWidth(record, inputs);
        LayerKinds.RequireFlags(record, SubtractDivideFlag);
        LayerKinds.RequireNoNumbers(record);
        return new Standardize(inputs, (record.Flags & SubtractDivideFlag) != 0);
    }

    /// <summary>A divisor must be nonzero (both forms are finite already).</summary>
    internal override void ValidateState(ReadOnlySpan<float> state)
    {
        for (int j = 0; IsSubtractDivide && j < Outputs; j++)
        {
            if (state[Outputs + j] == 0f)
            {
                throw new InvalidLayerRecordException($"has scale 0 for feature {j}; a standardisation divides by it");
            }
        }
    }

    internal override void Initialize(Span<float> parameters, Span<float> state, Random random, WeightInit scheme, float weightScale)
    {
        // The identity map in either form: (x − 0)/1 or x·1 + 0.
        state[..Outputs].Fill(IsSubtractDivide ? 0f : 1f);
        state[Outputs..].Fill(IsSubtractDivide ? 1f : 0f);
    }

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass)
    {
        ReadOnlySpan<float> a = pass.State[..Outputs], b = pass.State.Slice(Outputs, Outputs);
        if (IsSubtractDivide)
        {
            Normalization.SubtractDivideColumns(input, a, b, output, batch, Outputs);
        }
        else
        {
            Normalization.AffineColumns(input, a, b, output, batch, Outputs);
        }
    }

    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        if (dInput.IsEmpty)
        {
            return;
        }

        ReadOnlySpan<float> a = pass.State[..Outputs], b = pass.State.Slice(Outputs, Outputs);
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> dy = dOutput.Slice(r * Outputs, Outputs);
            Span<float> dx = dInput.Slice(r * Outputs, Outputs);
            for (int j = 0; j < Outputs; j++)
            {
                dx[j] = IsSubtractDivide ? dy[j] / b[j] : dy[j] * a[j];
            }
        }
    }

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        var y = new double[input.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int j = i % Outputs;
            y[i] = IsSubtractDivide ? (input[i] - state[j]) / state[Outputs + j] : (input[i] * state[j]) + state[Outputs + j];
        }

        return y;
    }

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        float[] scale = new float[Outputs], shift = new float[Outputs];
        for (int j = 0; j < Outputs; j++)
        {
            scale[j] = IsSubtractDivide ? 1f / state[Outputs + j] : state[j];
            shift[j] = IsSubtractDivide ? -state[j] / state[Outputs + j] : state[Outputs + j];
        }

        return new AffineSampleStep(scale, shift);
    }

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        string a = graph.Constant(name + ".a", state[..Outputs], Outputs);
        string b = graph.Constant(name + ".b", state.Slice(Outputs, Outputs), Outputs);
        string middle = name + ".middle";
        graph.Node(IsSubtractDivide ? "Sub" : "Mul", name + (IsSubtractDivide ? ".sub" : ".mul"), [input, a], middle);
        graph.Node(IsSubtractDivide ? "Div" : "Add", name + (IsSubtractDivide ? ".div" : ".add"), [middle, b], output);
    }
}
