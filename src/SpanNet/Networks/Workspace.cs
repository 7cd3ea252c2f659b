using System;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Memory;

namespace SpanNet.Networks;

/// <summary>
/// Everything a forward and backward pass of one network writes, sized once for a largest batch: each layer's output,
/// each layer's per-batch saved state (BatchNorm's batch statistics, dropout's mask, a residual block's inner
/// buffers), two ping-pong buffers for the gradient flowing back, the loss's scratch and GEMM's packing panels. (The trainer's
/// batch-gathering buffers are the trainer's own.) A batch smaller than <see cref="Capacity"/> uses a prefix of each buffer; a larger one is an error.
/// </summary>
/// <remarks>One workspace per thread: a network's parameters are read-only during inference, so threads share the network.</remarks>
public sealed class Workspace : IDisposable
{
    private readonly AlignedBuffer[] _outputs;
    private readonly AlignedBuffer[] _saved;
    private readonly AlignedBuffer _gradientA;
    private readonly AlignedBuffer _gradientB;
    private readonly AlignedBuffer _lossScratch;

    internal Workspace(Network network, int capacity)
    {
        Guard.Positive(capacity);
        Network = network;
        Capacity = capacity;
        _outputs = new AlignedBuffer[network.Layers.Count];
        _saved = new AlignedBuffer[network.Layers.Count];
        int widest = network.Inputs;
        for (int i = 0; i < _outputs.Length; i++)
        {
            Layer layer = network.Layers[i];
            _outputs[i] = new AlignedBuffer(checked(capacity * layer.Outputs));
            _saved[i] = new AlignedBuffer(checked((int)layer.SavedCount(capacity)));
            widest = Math.Max(widest, layer.Outputs);
        }

        _gradientA = new AlignedBuffer(checked(capacity * widest));
        _gradientB = new AlignedBuffer(checked(capacity * widest));
        _lossScratch = new AlignedBuffer(checked(capacity * network.Outputs));
        Gemm = new GemmScratch();
    }

    /// <summary>The network this workspace was made for.</summary>
    public Network Network { get; }

    /// <summary>The largest batch this workspace holds.</summary>
    public int Capacity { get; }

    internal GemmScratch Gemm { get; }

    /// <summary>
    /// The batch whose loss the last forward-and-loss pass left here (scores, loss scratch), so a backward pass can
    /// run from it; 0 once anything else overwrote them.
    /// </summary>
    internal int LossBatch { get; set; }

    internal Span<float> Output(int layer, int batch) => _outputs[layer].Span[..(batch * Network.Layers[layer].Outputs)];

    internal Span<float> Saved(int layer) => _saved[layer].Span;

    internal Span<float> LossScratch(int batch) => _lossScratch.Span[..(batch * Network.Outputs)];

    internal Span<float> Gradient(int parity, int length) => (parity == 0 ? _gradientA : _gradientB).Span[..length];

    /// <summary>Releases every buffer.</summary>
    public void Dispose()
    {
        foreach (AlignedBuffer output in _outputs)
        {
            output.Dispose();
        }

        foreach (AlignedBuffer saved in _saved)
        {
            saved.Dispose();
        }

        _gradientA.Dispose();
        _gradientB.Dispose();
        _lossScratch.Dispose();
        Gemm.Dispose();
    }
}
