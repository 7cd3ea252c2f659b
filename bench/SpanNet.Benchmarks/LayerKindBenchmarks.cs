using System;
using BenchmarkDotNet.Attributes;
using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Threading;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Benchmarks;

/// <summary>
/// Issue #17's speed targets, each against its baseline in the same class so the ratio comes from one run: a training
/// step of 784-256-128-10 with GELU or SiLU against ReLU (≤ 1.25×); a 256-wide dense layer's step with BatchNorm or
/// LayerNorm after it against the dense layer alone (≤ 15 % more) and a residual block against the same two dense
/// layers without the skip (one extra pass); all at batch 100 with SGD, on one thread. Each allocates 0 B.
/// </summary>
[MemoryDiagnoser]
public class LayerKindBenchmarks
{
    private const int Batch = 100;

    private Network? _network;
    private Workspace? _workspace;
    private Sgd? _optimizer;
    private float[] _inputs = [];
    private int[] _labels = [];

    /// <summary>The network: the activation rows, or the 256-wide normalisation and residual rows.</summary>
    [Params("relu", "gelu", "silu", "dense256", "dense256+batchnorm", "dense256+layernorm", "two-dense256", "residual(two-dense256)")]
    public string Network { get; set; } = "relu";

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = 1;
        int inputs = Network.Contains("256", StringComparison.Ordinal) ? 256 : 784;
        NetworkBuilder builder = new(inputs);
        _network = (Network switch
        {
            "relu" => builder.Dense(256, Activation.Relu).Dense(128, Activation.Relu).Dense(10),
            "gelu" => builder.Dense(256, Activation.Gelu).Dense(128, Activation.Gelu).Dense(10),
            "silu" => builder.Dense(256, Activation.Silu).Dense(128, Activation.Silu).Dense(10),
            "dense256" => builder.Dense(256).Dense(10),
            "dense256+batchnorm" => builder.Dense(256).BatchNorm().Dense(10),
            "dense256+layernorm" => builder.Dense(256).LayerNorm().Dense(10),
            "two-dense256" => builder.Dense(256, Activation.Relu).Dense(256).Dense(10),
            _ => builder.Residual(b => b.Dense(256, Activation.Relu).Dense(256)).Dense(10),
        }).Build(seed: 42);
        _workspace = _network.CreateWorkspace(Batch);
        _optimizer = new Sgd(_network.Parameters.Length, 0.01f);
        var random = new Random(1);
        _inputs = new float[Batch * inputs];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)((random.NextDouble() * 2) - 1);
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
        _network?.Dispose();
    }

    [Benchmark]
    public float TrainStep() => _network!.TrainStep(_inputs, _labels, Batch, _optimizer!, _workspace!);
}

/// <summary>
/// Single-sample inference of 784-256-128-10 on a dense input with a BatchNorm after each hidden dense layer, against
/// the same network without them: the inference model folds each BatchNorm into the dense layer before it, so the two
/// should tie (issue #17: within 10 %). Each call allocates 0 B.
/// </summary>
[MemoryDiagnoser]
public class FoldedBatchNormInferenceBenchmarks
{
    private InferenceSession? _session;
    private readonly float[] _input = new float[784];
    private readonly float[] _output = new float[10];

    [Params(false, true)]
    public bool BatchNorm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        NetworkBuilder builder = new(784);
        builder = BatchNorm
            ? builder.Dense(256).BatchNorm().Activate(Activation.Relu).Dense(128).BatchNorm().Activate(Activation.Relu).Dense(10)
            : builder.Dense(256, Activation.Relu).Dense(128, Activation.Relu).Dense(10);
        using Network network = builder.Build(seed: 42);
        _session = InferenceModel.FromNetwork(network).CreateSession();
        var random = new Random(2);
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)random.NextDouble();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _session?.Dispose();

    [Benchmark]
    public float PredictOneSample()
    {
        _session!.Predict(_input, _output);
        return _output[0];
    }
}
