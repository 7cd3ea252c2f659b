using System;
using System.Collections.Generic;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Networks;

[Collection(AllocationCollection.Name)]
public class TrainerTests
{
    [Theory]
    [InlineData(1)]      // stochastic gradient descent
    [InlineData(16)]     // mini-batch, with a partial last batch (90 = 5·16 + 10)
    [InlineData(90)]     // batch gradient descent: the whole set each step
    public void Batch_stochastic_and_mini_batch_descent_all_learn_and_report_every_step(int batchSize)
    {
        LabeledDataset data = NetworkTrainingTests.Blobs(90, seed: 2);
        using Network net = new NetworkBuilder(2).Dense(8, Activation.Tanh).Dense(3).Build(seed: 3);
        using var sgd = new Sgd(net.Parameters.Length, batchSize == 90 ? 0.5f : 0.05f);
        using var trainer = new Trainer(net, sgd, new TrainerOptions { Epochs = 15, BatchSize = batchSize });
        var observer = new CountingObserver();
        IReadOnlyList<EpochResult> history = trainer.Fit(data, observer: observer);
        Assert.Equal(15, history.Count);
        Assert.Equal(15 * ((90 + batchSize - 1) / batchSize), observer.Iterations);
        Assert.Equal(15, observer.Epochs);
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"{history[0].TrainLoss} → {history[^1].TrainLoss}");
        Assert.True(history[^1].TrainAccuracy > 0.9f, $"accuracy {history[^1].TrainAccuracy}");
    }

    [Fact]
    public void The_training_loop_allocates_nothing_between_iterations()
    {
        LabeledDataset data = NetworkTrainingTests.Blobs(600, seed: 2);
        using Network net = new NetworkBuilder(2).Dense(16, Activation.Relu).Dense(3).Build(seed: 3);
        using var adam = new Adam(net.Parameters.Length);
        using var trainer = new Trainer(net, adam, new TrainerOptions { Epochs = 3, BatchSize = 10 });
        // Warm up by time, not by count: tiered compilation settles only after 100 ms without new tier-0 code, and
        // its first promotion may allocate on this thread (runtime bytes, not the trainer's).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 500)
        {
            trainer.Fit(data);
        }

        var observer = new AllocationObserver();
        trainer.Fit(data, observer: observer);

        // Steps after the first epoch run between two observer calls with nothing else on the thread.
        Assert.True(observer.MeasuredSteps > 100);
        Assert.Equal(0L, observer.AllocatedAfterWarmUp);
    }

    [Fact]
    public void Target_rows_train_a_regression_with_squared_error()
    {
        // y = 2·x₀ − x₁ + 0.5, learned by one linear unit from target rows rather than labels.
        var random = new Random(4);
        var features = new float[200 * 2];
        var targets = new float[200];
        for (int i = 0; i < 200; i++)
        {
            features[2 * i] = (float)((random.NextDouble() * 2) - 1);
            features[(2 * i) + 1] = (float)((random.NextDouble() * 2) - 1);
            targets[i] = (2f * features[2 * i]) - features[(2 * i) + 1] + 0.5f;
        }

        LabeledDataset data = LabeledDataset.FromTargets(features, 2, targets, 1);
        using Network net = new NetworkBuilder(2).Dense(1).Loss(new SpanNet.Layers.SquaredErrorLoss()).Build(seed: 1);
        using var sgd = new Sgd(net.Parameters.Length, 0.1f);
        using var trainer = new Trainer(net, sgd, new TrainerOptions { Epochs = 30, BatchSize = 20 });
        IReadOnlyList<EpochResult> history = trainer.Fit(data);

        Assert.True(float.IsNaN(history[^1].TrainAccuracy), "accuracy is undefined for target rows");
        Assert.True(history[^1].TrainLoss < 1e-4f, $"final loss {history[^1].TrainLoss}");
        Assert.Equal(2f, net.Weights(0)[0], 2);
        Assert.Equal(-1f, net.Weights(0)[1], 2);
        Assert.Equal(0.5f, net.Biases(0)[0], 2);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => LabeledDataset.FromTargets(features, 2, new float[199], 1)).ParamName);
    }

    [Fact]
    public void Datasets_that_do_not_fit_the_network_are_rejected()
    {
        using Network net = new NetworkBuilder(3).Dense(2).Build();
        using var sgd = new Sgd(net.Parameters.Length);
        using var trainer = new Trainer(net, sgd, new TrainerOptions());
        LabeledDataset wrong = LabeledDataset.FromLabels(new float[8], 4, [0, 1], 2);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => trainer.Fit(wrong)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => LabeledDataset.FromLabels(new float[6], 3, [0, 5], 2));
        Assert.Throws<ArgumentException>(() => LabeledDataset.FromLabels([1f, float.NaN, 0f], 3, [0], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(net, sgd, new TrainerOptions { BatchSize = 0 }));
    }

    private sealed class CountingObserver : ITrainingObserver
    {
        public int Iterations { get; private set; }

        public int Epochs { get; private set; }

        public void OnIteration(int epoch, int step, int stepsPerEpoch, float loss) => Iterations++;

        public void OnEpochEnd(in EpochResult result) => Epochs++;
    }

    private sealed class AllocationObserver : ITrainingObserver
    {
        private long _last;

        public long AllocatedAfterWarmUp { get; private set; }

        public int MeasuredSteps { get; private set; }

        public void OnIteration(int epoch, int step, int stepsPerEpoch, float loss)
        {
            long now = GC.GetAllocatedBytesForCurrentThread();
            if (epoch > 1 && step > 1)
            {
                AllocatedAfterWarmUp += now - _last;
                MeasuredSteps++;
            }

            _last = GC.GetAllocatedBytesForCurrentThread();
        }

        public void OnEpochEnd(in EpochResult result)
        {
        }
    }
}
