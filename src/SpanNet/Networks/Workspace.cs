using System;
using SpanNet.Kernels;
using SpanNet.Memory;

namespace SpanNet.Networks;

/// <summary>
/// Everything a forward and backward pass of one network writes, sized once for a largest batch: each layer's output,
/// two ping-pong buffers for the gradient flowing back, the loss's scratch, a batch-sized copy area and GEMM's packing
/// panels. A batch smaller than <see cref="Capacity"/> uses a prefix of each buffer; a larger one is an error.
/// </summary>
/// <remarks>One workspace per thread: a network's parameters are read-only during inference, so threads share the network.</remarks>
public sealed class Workspace : IDisposable
{
    private readonly AlignedBuffer[] _outputs;
    private readonly AlignedBuffer _gradientA;
    private readonly AlignedBuffer _gradientB;
    private readonly AlignedBuffer _lossScratch;
    private readonly AlignedBuffer _inputs;
    private readonly AlignedBuffer _targets;
    private readonly int[] _labels;

    internal Workspace(Network network, int capacity)
    {
        Guard.Positive(capacity);
        Network = network;
        Capacity = capacity;
        _outputs = new AlignedBuffer[network.Layers.Count];
        int widest = network.Inputs;
        for (int i = 0; i < _outputs.Length; i++)
        {
            int width = network.Layers[i].Outputs;
            _outputs[i] = new AlignedBuffer(checked(capacity * width));
            widest = Math.Max(widest, width);
        }

        _gradientA = new AlignedBuffer(checked(capacity * widest));
        _gradientB = new AlignedBuffer(checked(capacity * widest));
        _lossScratch = new AlignedBuffer(checked(capacity * network.Outputs));
        _inputs = new AlignedBuffer(checked(capacity * network.Inputs));
        _targets = new AlignedBuffer(checked(capacity * network.Outputs));
        _labels = new int[capacity];
        Gemm = new GemmScratch();
    }

    /// <summary>The network this workspace was made for.</summary>
    public Network Network { get; }

    /// <summary>The largest batch this workspace holds.</summary>
    public int Capacity { get; }

    internal GemmScratch Gemm { get; }

    /// <summary>A batch-sized area for gathering input rows (the trainer copies shuffled samples here).</summary>
    internal Span<float> Inputs(int batch) => _inputs.Span[..(batch * Network.Inputs)];

    /// <summary>A batch-sized area for gathering target rows.</summary>
    internal Span<float> TargetValues(int batch) => _targets.Span[..(batch * Network.Outputs)];

    /// <summary>A batch-sized area for gathering labels.</summary>
    internal Span<int> Labels(int batch) => _labels.AsSpan(0, batch);

    internal Span<float> Output(int layer, int batch) => _outputs[layer].Span[..(batch * Network.Layers[layer].Outputs)];

    internal Span<float> LossScratch(int batch) => _lossScratch.Span[..(batch * Network.Outputs)];

    internal Span<float> Gradient(int parity, int length) => (parity == 0 ? _gradientA : _gradientB).Span[..length];

    /// <summary>Releases every buffer.</summary>
    public void Dispose()
    {
        foreach (AlignedBuffer output in _outputs)
        {
            output.Dispose();
        }

        _gradientA.Dispose();
        _gradientB.Dispose();
        _lossScratch.Dispose();
        _inputs.Dispose();
        _targets.Dispose();
        Gemm.Dispose();
    }
}
