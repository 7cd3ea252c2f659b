using System;
using SpanNet.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// TorchSharp's training loop body, written the idiomatic way, on the torch twin (<see cref="TorchMlp"/>) of a SpanNet
/// network: softmax cross-entropy and an optimizer from <see cref="PeerOptimizers"/>.
/// </summary>
public sealed class TorchTrainer : IDisposable
{
    private readonly Sequential _model;
    private readonly optim.Optimizer _optimizer;
    private readonly CrossEntropyLoss _loss = nn.CrossEntropyLoss();

    /// <summary>A torch copy of <paramref name="network"/>'s current weights, trained by <paramref name="optimizer"/>.</summary>
    public TorchTrainer(Network network, OptimizerKind optimizer)
    {
        _model = TorchMlp.FromNetwork(network);
        _optimizer = PeerOptimizers.ForTorch(optimizer, _model.parameters());
    }

    /// <summary>Class indices as torch's cross-entropy takes them: int64.</summary>
    public static Tensor Labels(int[] labels) => tensor(Array.ConvertAll(labels, label => (long)label), [labels.Length]);

    /// <summary>
    /// One step on <paramref name="images"/> [batch, inputs] and <paramref name="labels"/> [batch]. A dispose scope frees
    /// every intermediate tensor (logits, loss, autograd buffers) at the end, zero_grad clears the gradients, and the
    /// loss comes back as a float like SpanNet's <c>TrainStep</c>.
    /// </summary>
    public float Step(Tensor images, Tensor labels)
    {
        using DisposeScope scope = NewDisposeScope();
        _optimizer.zero_grad();
        Tensor logits = _model.forward(images);
        Tensor loss = _loss.forward(logits, labels);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        _loss.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
    }
}
