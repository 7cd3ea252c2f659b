using BenchmarkDotNet.Attributes;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using static TorchSharp.torch;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// One SGD step of 784-100-10 (ReLU, softmax cross-entropy, learning rate 0.1) on the same MNIST batch from the same
/// initial weights: forward, loss, backward, update, both libraries on <see cref="Threads"/> threads.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepPeerBenchmarks
{
    private Network? _network;
    private Optimizer? _optimizer;
    private Workspace? _workspace;
    private float[] _images = [];
    private int[] _labels = [];

    private TorchTrainer? _torch;
    private Tensor? _torchImages;
    private Tensor? _torchLabels;

    [Params(32, 100)]
    public int Batch { get; set; }

    [ParamsSource(typeof(PeerThreads), nameof(PeerThreads.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PeerThreads.Use(Threads);
        (_images, _labels) = PeerData.TrainingSamples(Batch);
        _network = PeerData.MnistNetwork();
        _optimizer = PeerOptimizers.ForSpanNet(OptimizerKind.Sgd, _network);
        _workspace = _network.CreateWorkspace(Batch);

        _torch = new TorchTrainer(_network, OptimizerKind.Sgd);
        _torchImages = tensor(_images, [Batch, PeerData.Inputs]);
        _torchLabels = TorchTrainer.Labels(_labels);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _workspace?.Dispose();
        _optimizer?.Dispose();
        _network?.Dispose();
        _torchImages?.Dispose();
        _torchLabels?.Dispose();
        _torch?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float SpanNet() => _network!.TrainStep(_images, _labels, Batch, _optimizer!, _workspace!);

    [Benchmark]
    public float TorchSharp() => _torch!.Step(_torchImages!, _torchLabels!);
}
