using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// Row-wise softmax as a layer, for pairing with <see cref="CrossEntropyLoss"/> or for inference. Training a
/// classifier is better served by <see cref="SoftmaxCrossEntropyLoss"/>, which fuses the two.
/// </summary>
public sealed class SoftmaxLayer : Layer
{
    /// <summary>The model-file code of a softmax layer.</summary>
    internal const int Code = 7;

    internal SoftmaxLayer(int width)
        : base(width, width)
    {
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Softmax;

    /// <inheritdoc/>
    public override string ToString() => Name;

    internal override LayerRecord Record => new(Code, Outputs, 0, 0f, 0f, 0);

    internal static Layer Read(in LayerRecord record, int inputs)
    {
        LayerKinds.RequireWidth(record, inputs);
        LayerKinds.RequireFlags(record, 0);
        LayerKinds.RequireNoNumbers(record);
        return new SoftmaxLayer(inputs);
    }

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, in LayerPass pass) =>
        Softmax.Rows(input, output, batch, Outputs);

    /// <summary>The softmax Jacobian-vector product: <c>dx = y ⊙ (dy − Σⱼ dyⱼ·yⱼ)</c> per row.</summary>
    internal override void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int batch, in LayerPass pass)
    {
        if (dInput.IsEmpty)
        {
            return;
        }

        int width = Outputs;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> y = output.Slice(i * width, width);
            ReadOnlySpan<float> dy = dOutput.Slice(i * width, width);
            Span<float> dx = dInput.Slice(i * width, width);
            float projection = Reductions.Dot(dy, y);
            for (int j = 0; j < width; j++)
            {
                dx[j] = y[j] * (dy[j] - projection);
            }
        }
    }

    internal override double[] Reference(double[] input, int batch, ReadOnlySpan<double> parameters, ReadOnlySpan<float> state, ReadOnlySpan<float> saved, bool training)
    {
        int width = Outputs;
        var y = new double[input.Length];
        for (int b = 0; b < batch; b++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < width; j++)
            {
                max = Math.Max(max, input[(b * width) + j]);
            }

            double sum = 0;
            for (int j = 0; j < width; j++)
            {
                sum += Math.Exp(input[(b * width) + j] - max);
            }

            for (int j = 0; j < width; j++)
            {
                y[(b * width) + j] = Math.Exp(input[(b * width) + j] - max) / sum;
            }
        }

        return y;
    }

    internal override SampleStep CreateSampleStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) => new SoftmaxSampleStep(Outputs);

    internal override void WriteOnnx(OnnxGraphWriter graph, string name, string input, string output, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state) =>
        graph.Node("Softmax", name, [input], output, OnnxAttribute.Int("axis", -1));

    /// <summary>Softmax of one row.</summary>
    private sealed class SoftmaxSampleStep(int width) : SampleStep(width, width)
    {
        public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB) =>
            Softmax.Rows(input, output[..Outputs], 1, Outputs);
    }
}
