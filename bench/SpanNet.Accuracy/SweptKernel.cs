using System;
using SpanNet.Kernels;
using SpanNet.Tests.Reference;

namespace SpanNet.Accuracy;

/// <summary>One forward kernel and its double reference.</summary>
internal sealed record SweptKernel(string Name, SweptKernel.Apply Kernel, Func<float, double> Reference)
{
    public delegate void Apply(ReadOnlySpan<float> x, Span<float> y);

    public static SweptKernel[] All { get; } =
    [
        new("Erf", Transcendentals.Erf, x => NaiveKernels.Erf(x)),
        new("Gelu", Activations.Gelu, x => NaiveKernels.Gelu(x)),
        new("GeluTanh", Activations.GeluTanh, x => NaiveKernels.GeluTanh(x)),
        new("Silu", Activations.Silu, x => NaiveKernels.Silu(x)),
        new("Softplus β=1, threshold 20", (x, y) => Activations.Softplus(x, 1f, 20f, y), x => NaiveKernels.Softplus(x, 1f, 20f)),
        new("Softplus β=0.5, threshold 20", (x, y) => Activations.Softplus(x, 0.5f, 20f, y), x => NaiveKernels.Softplus(x, 0.5f, 20f)),
        new("HardSwish", Activations.HardSwish, x => NaiveKernels.HardSwish(x)),
        new("HardSigmoid α=1/6, β=1/2", (x, y) => Activations.HardSigmoid(x, 1f / 6f, 0.5f, y), x => NaiveKernels.HardSigmoid(x, 1f / 6f, 0.5f)),
        new("Clip [0, 6] (ReLU6)", (x, y) => Activations.Clip(x, 0f, 6f, y), x => NaiveKernels.Clip(x, 0, 6)),
    ];
}
