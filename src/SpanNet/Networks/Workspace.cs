using System;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Memory;

namespace SpanNet.Networks;

/// <summary>
/// Everything a forward and backward pass of one network writes, sized once for a largest batch: each layer's output,
/// each layer's per-batch saved state (BatchNorm's batch statistics, dropout's mask, a residual block's inner
/// buffers), two ping-pong buffers for the gradient flowing back (and, for a network that trains by rows, every layer's
/// output gradient and each row's loss), the loss's scratch and GEMM's packing panels. (The trainer's
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
    private readonly AlignedBuffer[] _outputGradients;
    private readonly double[] _rowLosses;

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

        // A row-split step takes every layer's parameter gradients after all rows have flowed back, so it keeps each
        // layer's output gradient (the ping-pong pair would overwrite them) and each row's loss until then.
        _outputGradients = new AlignedBuffer[network.SplitsByRows ? network.Layers.Count : 0];
        for (int i = 0; i < _outputGradients.Length; i++)
        {
            _outputGradients[i] = new AlignedBuffer(checked(capacity * network.Layers[i].Outputs));
        }

        _rowLosses = new double[network.SplitsByRows ? capacity : 0];
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

    /// <summary>The nonzero fraction of the input of the last pass whose first layer asked for it (<see cref="LayerPass.InputDensity"/>); a backward pass reads it.</summary>
    internal float InputDensity { get; set; } = 1f;

    internal Span<float> Output(int layer, int batch) => _outputs[layer].Span[..(batch * Network.Layers[layer].Outputs)];

    internal Span<float> Saved(int layer) => _saved[layer].Span;

    internal Span<float> LossScratch(int batch) => _lossScratch.Span[..(batch * Network.Outputs)];

    internal Span<float> Gradient(int parity, int length) => (parity == 0 ? _gradientA : _gradientB).Span[..length];

    /// <summary>The gradient of layer <paramref name="layer"/>'s output, [batch, its outputs]: a row-split step's own (<see cref="Network.SplitsByRows"/>).</summary>
    internal Span<float> OutputGradient(int layer, int batch) => _outputGradients[layer].Span[..(batch * Network.Layers[layer].Outputs)];

    /// <summary>Each row's term of the loss, [batch]: a row-split step's own.</summary>
    internal Span<double> RowLosses(int batch) => _rowLosses.AsSpan(0, batch);

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
        foreach (AlignedBuffer gradient in _outputGradients)
        {
            gradient.Dispose();
        }

        Gemm.Dispose();
    }
}
