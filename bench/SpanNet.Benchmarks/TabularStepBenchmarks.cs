using System;
using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using SpanNet.Kernels.Operators;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Threading;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Benchmarks;

/// <summary>
/// Where a small table's training step spends its time (bench/TABULAR.md): the wine network of
/// <c>spannet train --data</c> (13-64-32-3, ReLU, softmax cross-entropy, Adam) at batch 100 on one thread, as a whole
/// step, its forward pass alone and its Adam update alone, and one epoch of the 133 training rows (a batch of 100 and
/// one of 33, gathered by the sampler) as the trainer's loop runs it; and the three forward products alone (GEMM at
/// 100×13·13×64, 100×64·64×32 and 100×32·32×3), to tell the arithmetic from what surrounds it; the fused softmax
/// cross-entropy of the 100×3 scores and its gradient, against the row-by-row loops they replaced (each row chose its
/// SIMD width on its own); and the diabetes network's step (10-64-32-1, squared error, Adam). Each must allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class TabularStepBenchmarks
{
    private const int Features = 13;
    private const int Classes = 3;
    private const int Rows = 133;
    private const int Batch = 100;
    private const int RegressionFeatures = 10;

    private Network? _network;
    private Workspace? _workspace;
    private Adam? _optimizer;
    private BatchSampler? _sampler;
    private GemmScratch? _scratch;
    private float[] _inputs = [];
    private int[] _labels = [];
    private float[] _hidden1 = [];
    private float[] _hidden2 = [];
    private float[] _outputs = [];
    private float[] _probabilities = [];
    private float[] _dScores = [];
    private Network? _regressor;
    private Workspace? _regressorWorkspace;
    private Adam? _regressorOptimizer;
    private float[] _regressionInputs = [];
    private float[] _regressionTargets = [];

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = 1;
        _network = new NetworkBuilder(Features).Dense(64, Activation.Relu).Dense(32, Activation.Relu).Dense(Classes).Build(seed: 42);
        _workspace = _network.CreateWorkspace(Batch);
        _optimizer = new Adam(_network.Parameters.Length);
        var random = new Random(1);
        _inputs = new float[Rows * Features];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)((random.NextDouble() * 2) - 1);
        }

        _labels = new int[Rows];
        for (int i = 0; i < _labels.Length; i++)
        {
            _labels[i] = random.Next(Classes);
        }

        _scratch = new GemmScratch();
        _hidden1 = new float[Batch * 64];
        _hidden2 = new float[Batch * 32];
        _outputs = new float[Batch * Classes];
        for (int i = 0; i < _outputs.Length; i++)
        {
            _outputs[i] = (float)((random.NextDouble() * 6) - 3);
        }

        _probabilities = new float[Batch * Classes];
        _dScores = new float[Batch * Classes];
        _regressor = new NetworkBuilder(RegressionFeatures).Dense(64, Activation.Relu).Dense(32, Activation.Relu).Dense(1)
            .Loss(new SquaredErrorLoss(SquaredErrorConvention.Mean))
            .Build(seed: 42);
        _regressorWorkspace = _regressor.CreateWorkspace(Batch);
        _regressorOptimizer = new Adam(_regressor.Parameters.Length);
        _regressionInputs = new float[Batch * RegressionFeatures];
        for (int i = 0; i < _regressionInputs.Length; i++)
        {
            _regressionInputs[i] = (float)((random.NextDouble() * 2) - 1);
        }

        _regressionTargets = new float[Batch];
        for (int i = 0; i < _regressionTargets.Length; i++)
        {
            _regressionTargets[i] = (float)((random.NextDouble() * 2) - 1);
        }
        _sampler = new BatchSampler(LabeledDataset.FromLabels(_inputs, Features, _labels, Classes), Batch, shuffle: true, seed: 42);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _regressorOptimizer?.Dispose();
        _regressorWorkspace?.Dispose();
        _regressor?.Dispose();
        _scratch?.Dispose();
        _sampler?.Dispose();
        _optimizer?.Dispose();
        _workspace?.Dispose();
        _network?.Dispose();
    }

    /// <summary>Forward, loss, backward and the Adam update of one batch of 100 (the public, checked entry point).</summary>
    [Benchmark]
    public float TrainStep() => _network!.TrainStep(_inputs.AsSpan(0, Batch * Features), _labels.AsSpan(0, Batch), Batch, _optimizer!, _workspace!);

    /// <summary>The forward pass of one batch of 100 (checked entry point).</summary>
    [Benchmark]
    public float Forward() => _network!.Forward(_inputs.AsSpan(0, Batch * Features), Batch, _workspace!)[0];

    /// <summary>Adam's update of every parameter (3,107 of them).</summary>
    [Benchmark]
    public void AdamUpdate() => _optimizer!.Step(_network!.Parameters.Values, _network.Parameters.Gradients);

    /// <summary>The first layer's product, 100×13 by 13×64.</summary>
    [Benchmark]
    public void Gemm13To64() => Gemm.MultiplyAdd(_inputs.AsSpan(0, Batch * Features), _network!.Weights(0), _hidden1, Batch, 64, Features, scratch: _scratch);

    /// <summary>The second layer's product, 100×64 by 64×32.</summary>
    [Benchmark]
    public void Gemm64To32() => Gemm.MultiplyAdd(_hidden1, _network!.Weights(2), _hidden2, Batch, 32, 64, scratch: _scratch);

    /// <summary>The output layer's product, 100×32 by 32×3.</summary>
    [Benchmark]
    public void Gemm32To3() => Gemm.MultiplyAdd(_hidden2, _network!.Weights(4), _outputs, Batch, Classes, 32, scratch: _scratch);

    /// <summary>The diabetes network's step: forward, squared error, backward and Adam at batch 100.</summary>
    [Benchmark]
    public float RegressionTrainStep() =>
        _regressor!.TrainStep(_regressionInputs, _regressionTargets, Batch, _regressorOptimizer!, _regressorWorkspace!);

    /// <summary>The fused softmax cross-entropy of 100 rows of 3 scores with labels, one width dispatch for the batch.</summary>
    [Benchmark]
    public float SoftmaxCrossEntropy() => Losses.SoftmaxCrossEntropy(_outputs, _labels.AsSpan(0, Batch), _probabilities, Batch, Classes);

    /// <summary>The same loss as it was computed before: <see cref="Softmax.Row"/>, which chooses its width, on each row.</summary>
    [Benchmark]
    public float SoftmaxCrossEntropyRowByRow()
    {
        double total = 0;
        for (int i = 0; i < Batch; i++)
        {
            ReadOnlySpan<float> row = _outputs.AsSpan(i * Classes, Classes);
            float labelLogit = row[_labels[i]];
            float logSum = Softmax.Row(row, _probabilities.AsSpan(i * Classes, Classes), out float max);
            total += logSum + ((double)max - labelLogit);
        }

        return (float)(total / Batch);
    }

    /// <summary>Its gradient, (p − onehot)/100: one pass over the batch, then the label entries.</summary>
    [Benchmark]
    public void SoftmaxCrossEntropyGradient() => Losses.SoftmaxCrossEntropyGradient(_probabilities, _labels.AsSpan(0, Batch), _dScores, Batch, Classes);

    /// <summary>The gradient as it was computed before: each row scaled by its own width dispatch.</summary>
    [Benchmark]
    public void SoftmaxCrossEntropyGradientRowByRow()
    {
        const float Scale = 1f / Batch;
        for (int i = 0; i < Batch; i++)
        {
            int label = (i * Classes) + _labels[i];
            float labelProbability = _probabilities[label];
            ElementWise.Apply<MultiplyByScalarOperator>(_probabilities.AsSpan(i * Classes, Classes), Scale, _dScores.AsSpan(i * Classes, Classes));
            _dScores[label] = (labelProbability - 1f) * Scale;
        }
    }

    /// <summary>One epoch of the 133 rows: shuffle, gather, and a step per batch (100, then 33).</summary>
    [Benchmark]
    public float Epoch()
    {
        _sampler!.BeginEpoch();
        float loss = 0;
        for (int step = 0; step < _sampler.BatchCount; step++)
        {
            Batch batch = _sampler.Next();
            loss += _network!.TrainStep(batch.Inputs, batch.Labels, batch.Count, _optimizer!, _workspace!);
        }

        return loss;
    }
}
