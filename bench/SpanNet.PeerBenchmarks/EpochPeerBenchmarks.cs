using System;
using BenchmarkDotNet.Attributes;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using static TorchSharp.torch;

namespace SpanNet.PeerBenchmarks;

/// <summary>
/// One epoch of mini-batch training of 784-100-10 (ReLU, softmax cross-entropy): 60,000 MNIST training images (or
/// synthetic digits as sparse as MNIST's, see <see cref="PeerData.TrainingSamples"/>) in 600 batches of 100, the
/// same batches in the same order for both libraries, from the same initial weights, on <see cref="Threads"/> threads.
/// Each invocation trains one more epoch from where the last left off, as a training run does.
/// </summary>
/// <remarks>
/// The batches are taken in order rather than shuffled, so that neither library's way of shuffling is measured:
/// SpanNet's are spans of the one image array, torch's are views of the one image tensor, all made before timing.
/// An epoch takes a large fraction of a second, so one is one invocation and five are enough.
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
[InvocationCount(1, unrollFactor: 1)]
public class EpochPeerBenchmarks
{
    private const int Samples = 60_000;
    private const int Batch = 100;
    private const int Steps = Samples / Batch;

    private Network? _network;
    private Optimizer? _optimizer;
    private Workspace? _workspace;
    private float[] _images = [];
    private int[] _labels = [];

    private TorchTrainer? _torch;
    private Tensor? _torchImages;
    private Tensor? _torchLabels;
    private Tensor[] _torchImageBatches = [];
    private Tensor[] _torchLabelBatches = [];

    [Params(OptimizerKind.Sgd, OptimizerKind.Momentum, OptimizerKind.Adam)]
    public OptimizerKind Optimizer { get; set; }

    [ParamsSource(typeof(PeerThreads), nameof(PeerThreads.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PeerThreads.Use(Threads);
        (_images, _labels) = PeerData.TrainingSamples(Samples);
        _network = PeerData.MnistNetwork();
        _optimizer = PeerOptimizers.ForSpanNet(Optimizer, _network);
        _workspace = _network.CreateWorkspace(Batch);

        _torch = new TorchTrainer(_network, Optimizer);
        _torchImages = tensor(_images, [Samples, PeerData.Inputs]);
        _torchLabels = TorchTrainer.Labels(_labels);
        _torchImageBatches = new Tensor[Steps];
        _torchLabelBatches = new Tensor[Steps];
        for (int step = 0; step < Steps; step++)
        {
            _torchImageBatches[step] = _torchImages.narrow(0, step * Batch, Batch);
            _torchLabelBatches[step] = _torchLabels.narrow(0, step * Batch, Batch);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _workspace?.Dispose();
        _optimizer?.Dispose();
        _network?.Dispose();
        for (int step = 0; step < _torchImageBatches.Length; step++)
        {
            _torchImageBatches[step].Dispose();
            _torchLabelBatches[step].Dispose();
        }

        _torchImages?.Dispose();
        _torchLabels?.Dispose();
        _torch?.Dispose();
    }

    /// <returns>The epoch's mean batch loss.</returns>
    [Benchmark(Baseline = true)]
    public float SpanNet()
    {
        float lossSum = 0;
        for (int step = 0; step < Steps; step++)
        {
            int start = step * Batch;
            lossSum += _network!.TrainStep(
                _images.AsSpan(start * PeerData.Inputs, Batch * PeerData.Inputs), _labels.AsSpan(start, Batch), Batch, _optimizer!, _workspace!);
        }

        return lossSum / Steps;
    }

    /// <returns>The epoch's mean batch loss.</returns>
    [Benchmark]
    public float TorchSharp()
    {
        float lossSum = 0;
        for (int step = 0; step < Steps; step++)
        {
            lossSum += _torch!.Step(_torchImageBatches[step], _torchLabelBatches[step]);
        }

        return lossSum / Steps;
    }
}
