using System;
using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using SpanNet.Threading;

namespace SpanNet.Benchmarks;

/// <summary>
/// One optimizer update of the 79,510 parameters of 784-100-10, from normal and from subnormal-prone state
/// (<see cref="OptimizerState"/>), at 1, 2 and all threads. The target: every rule within 1.2× of itself on normal state.
/// </summary>
/// <remarks>
/// An update flushes subnormal state to zero, so after one call the subnormal case would be the normal one. Each call
/// therefore first copies the starting state back in; <see cref="RestoreStateOnly"/> measures that copy alone, to be
/// subtracted from the other rows.
/// </remarks>
[MemoryDiagnoser]
public class ParameterUpdateBenchmarks
{
    private const int Parameters = (784 * 100) + 100 + (100 * 10) + 10;

    /// <summary>MNIST's share of pixels that are zero, and so of first-layer weights whose gradient is zero.</summary>
    private const double ZeroGradientShare = 0.81;

    private float[] _weights = [];
    private float[] _gradients = [];
    private float[] _first = [];
    private float[] _second = [];
    private float[] _startFirst = [];
    private float[] _startSecond = [];

    [Params("sgd", "momentum", "adagrad", "rmsprop", "adam")]
    public string Rule { get; set; } = "adam";

    [Params(OptimizerState.Normal, OptimizerState.Subnormal)]
    public OptimizerState State { get; set; }

    [ParamsSource(typeof(ThreadCounts), nameof(ThreadCounts.Counts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        var random = new Random(7);
        _weights = new float[Parameters];
        _gradients = new float[Parameters];
        _startFirst = new float[Parameters];
        _startSecond = new float[Parameters];
        for (int i = 0; i < Parameters; i++)
        {
            _weights[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
            bool dead = State == OptimizerState.Subnormal && random.NextDouble() < ZeroGradientShare;
            _gradients[i] = dead ? 0f : (float)(random.NextDouble() - 0.5) * 0.01f;
            _startFirst[i] = dead ? 1e-39f : 1e-3f;
            _startSecond[i] = dead ? 1e-39f : 1e-4f;
        }

        _first = (float[])_startFirst.Clone();
        _second = (float[])_startSecond.Clone();
    }

    [Benchmark]
    public void RestoreStateOnly() => RestoreState();

    [Benchmark]
    public void Update()
    {
        RestoreState();
        switch (Rule)
        {
            case "sgd": ParameterUpdates.Sgd(_weights, _gradients, 1e-9f); break;
            case "momentum": ParameterUpdates.Momentum(_weights, _gradients, _first, 1e-9f, 0.9f); break;
            case "adagrad": ParameterUpdates.Adagrad(_weights, _gradients, _first, 1e-9f, 1e-7f); break;
            case "rmsprop": ParameterUpdates.RmsProp(_weights, _gradients, _first, 1e-9f, 0.9f, 1e-7f); break;
            default: ParameterUpdates.Adam(_weights, _gradients, _first, _second, 1e-9f, 0.9f, 0.999f, 1e-7f, 10); break;
        }
    }

    private void RestoreState()
    {
        _startFirst.CopyTo(_first, 0);
        _startSecond.CopyTo(_second, 0);
    }
}
