using System;
using BenchmarkDotNet.Attributes;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Threading;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Benchmarks;

/// <summary>
/// One training step of 784-100-10 (ReLU, softmax cross-entropy) at batch 32 and 100 with SGD and Adam, and a batch-1
/// prediction: the per-step and per-sample costs an MNIST user pays. Each must allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class NetworkBenchmarks
{
    private Network? _network;
    private Workspace? _workspace;
    private Workspace? _single;
    private Optimizer? _optimizer;
    private float[] _inputs = [];
    private int[] _labels = [];
    private readonly float[] _probabilities = new float[10];

    [Params(32, 100)]
    public int Batch { get; set; }

    [Params("sgd", "adam")]
    public string Optimizer { get; set; } = "sgd";

    /// <summary>Threads for the training step; the single-sample prediction stays on the caller's thread at any count.</summary>
    [ParamsSource(typeof(ThreadCounts), nameof(ThreadCounts.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        _network = new NetworkBuilder(784).Dense(100, Activation.Relu).Dense(10).Build(seed: 42);
        _workspace = _network.CreateWorkspace(Batch);
        _single = _network.CreateWorkspace(1);
        _optimizer = Optimizer == "adam" ? new Adam(_network.Parameters.Length) : new Sgd(_network.Parameters.Length, 0.1f);
        var random = new Random(1);
        _inputs = new float[Batch * 784];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)random.NextDouble();
        }

        _labels = new int[Batch];
        for (int i = 0; i < _labels.Length; i++)
        {
            _labels[i] = random.Next(10);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer?.Dispose();
        _workspace?.Dispose();
        _single?.Dispose();
        _network?.Dispose();
    }

    [Benchmark]
    public float TrainStep() => _network!.TrainStep(_inputs, _labels, Batch, _optimizer!, _workspace!);

    [Benchmark]
    public float PredictOneSample()
    {
        _network!.Predict(_inputs.AsSpan(0, 784), _probabilities, 1, _single!);
        return _probabilities[0];
    }
}
