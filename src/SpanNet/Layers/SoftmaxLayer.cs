using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// Row-wise softmax as a layer, for pairing with <see cref="CrossEntropyLoss"/> or for inference. Training a
/// classifier is better served by <see cref="SoftmaxCrossEntropyLoss"/>, which fuses the two.
/// </summary>
public sealed class SoftmaxLayer : Layer
{
    internal SoftmaxLayer(int width)
        : base(width, width)
    {
    }

    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Softmax;

    internal override void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, ReadOnlySpan<float> parameters, GemmScratch scratch) =>
        Softmax.Rows(input, output, batch, Outputs);

    /// <summary>The softmax Jacobian-vector product: <c>dx = y ⊙ (dy − Σⱼ dyⱼ·yⱼ)</c> per row.</summary>
    internal override void Backward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> output,
        ReadOnlySpan<float> dOutput,
        Span<float> dInput,
        int batch,
        ReadOnlySpan<float> parameters,
        Span<float> dParameters,
        GemmScratch scratch)
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
}
