using BenchmarkDotNet.Attributes;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// One SGD step of 784-100-10 (ReLU, softmax cross-entropy, learning rate 0.1) on the same MNIST batch from the same
/// initial weights: forward, loss, backward, update. SpanNet runs on one thread whatever <see cref="Threads"/> says.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepPeerBenchmarks
{
    private const float LearningRate = 0.1f;

    private Network? _network;
    private Sgd? _sgd;
    private Workspace? _workspace;
    private float[] _images = [];
    private int[] _labels = [];

    private Sequential? _torchModel;
    private SGD? _torchOptimizer;
    private CrossEntropyLoss? _torchLoss;
    private Tensor? _torchImages;
    private Tensor? _torchLabels;

    [Params(32, 100)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        (_images, _labels) = PeerData.TrainingBatch(Batch);
        _network = PeerData.MnistNetwork();
        _sgd = new Sgd(_network.Parameters.Length, LearningRate);
        _workspace = _network.CreateWorkspace(Batch);

        _torchModel = TorchMlp.FromNetwork(_network);
        _torchOptimizer = optim.SGD(_torchModel.parameters(), LearningRate);
        _torchLoss = nn.CrossEntropyLoss();
        _torchImages = tensor(_images, [Batch, PeerData.Inputs]);
        _torchLabels = tensor(System.Array.ConvertAll(_labels, label => (long)label), [Batch]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _workspace?.Dispose();
        _sgd?.Dispose();
        _network?.Dispose();
        _torchImages?.Dispose();
        _torchLabels?.Dispose();
        _torchLoss?.Dispose();
        _torchOptimizer?.Dispose();
        _torchModel?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float SpanNet() => _network!.TrainStep(_images, _labels, Batch, _sgd!, _workspace!);

    /// <summary>
    /// The idiomatic loop body: a dispose scope frees every intermediate tensor (logits, loss, autograd buffers) at
    /// the end of the step, zero_grad clears the gradients, and the loss comes back as a float like SpanNet's.
    /// </summary>
    [Benchmark]
    public float TorchSharp()
    {
        using DisposeScope scope = NewDisposeScope();
        _torchOptimizer!.zero_grad();
        Tensor logits = _torchModel!.forward(_torchImages!);
        Tensor loss = _torchLoss!.forward(logits, _torchLabels!);
        loss.backward();
        _torchOptimizer.step();
        return loss.item<float>();
    }
}
