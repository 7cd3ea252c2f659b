using System;
using System.Collections.Generic;
using System.IO;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Networks;

public class NetworkTrainingTests
{
    [Fact]
    public void Same_seed_gives_bit_identical_weights_after_training()
    {
        byte[] first = TrainTiny(seed: 7);
        byte[] second = TrainTiny(seed: 7);
        byte[] other = TrainTiny(seed: 8);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Xor_is_learned_by_a_two_layer_tanh_network_from_random_weights()
    {
        float[] x = [0, 0, 0, 1, 1, 0, 1, 1];
        int[] y = [0, 1, 1, 0];
        using Network net = new NetworkBuilder(2).Dense(4, Activation.Tanh).Dense(2).Build(seed: 1);
        using var adam = new Adam(net.Parameters.Length, learningRate: 0.05f);
        using Workspace ws = net.CreateWorkspace(4);
        for (int step = 0; step < 500; step++)
        {
            net.TrainStep(x, y, 4, adam, ws);
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(y[i], net.Classify(x.AsSpan(i * 2, 2), ws));
        }
    }

    [Fact]
    public void Every_optimizer_lowers_the_loss_on_a_separable_problem()
    {
        LabeledDataset data = Blobs(200, seed: 3);
        foreach (Func<int, Optimizer> make in new Func<int, Optimizer>[] { n => new Sgd(n, 0.1f), n => new Momentum(n), n => new Adagrad(n, 0.1f), n => new RmsProp(n, 0.01f), n => new Adam(n, 0.01f) })
        {
            using Network net = new NetworkBuilder(2).Dense(8, Activation.Relu).Dense(3).Build(seed: 5);
            using Optimizer optimizer = make(net.Parameters.Length);
            using var trainer = new Trainer(net, optimizer, new TrainerOptions { Epochs = 20, BatchSize = 20 });
            float before = trainer.Evaluate(data).Loss;
            IReadOnlyList<EpochResult> history = trainer.Fit(data);
            Assert.True(history[^1].TrainLoss < 0.5f * before, $"{optimizer.GetType().Name}: {before} → {history[^1].TrainLoss}");
            float accuracy = trainer.Evaluate(data).Accuracy;
            Assert.True(accuracy > 0.95f, $"{optimizer.GetType().Name}: accuracy {accuracy}");
        }
    }

    [Fact]
    public void Adam_and_momentum_reach_a_target_loss_in_fewer_steps_than_sgd_on_an_ill_conditioned_problem()
    {
        // Linear regression whose two inputs differ in scale by 30×: the loss is an elongated quadratic bowl.
        var random = new Random(11);
        const int n = 64;
        var features = new float[n * 2];
        var targets = new float[n];
        for (int i = 0; i < n; i++)
        {
            features[2 * i] = (float)(random.NextDouble() * 2 - 1) * 3f;
            features[(2 * i) + 1] = (float)(random.NextDouble() * 2 - 1) * 0.1f;
            targets[i] = (0.5f * features[2 * i]) + (8f * features[(2 * i) + 1]);
        }

        int StepsTo(Func<int, Optimizer> make)
        {
            using Network net = new NetworkBuilder(2).Dense(1, bias: false).Loss(new SquaredErrorLoss()).Build(seed: 2);
            using Optimizer optimizer = make(net.Parameters.Length);
            using Workspace ws = net.CreateWorkspace(n);
            for (int step = 1; step <= 5000; step++)
            {
                if (net.TrainStep(features, targets, n, optimizer, ws) < 0.01f)
                {
                    return step;
                }
            }

            return int.MaxValue;
        }

        int sgd = StepsTo(p => new Sgd(p, 0.1f));
        int momentum = StepsTo(p => new Momentum(p, 0.1f, 0.9f));
        int adam = StepsTo(p => new Adam(p, 0.1f));
        Assert.True(momentum < sgd, $"momentum {momentum} vs sgd {sgd}");
        Assert.True(adam < sgd, $"adam {adam} vs sgd {sgd}");
    }

    [Fact]
    public void Early_stopping_and_step_decay_take_effect()
    {
        LabeledDataset data = Blobs(100, seed: 4);
        using Network net = new NetworkBuilder(2).Dense(3).Build(seed: 1);
        using var sgd = new Sgd(net.Parameters.Length, 0.4f);
        using var trainer = new Trainer(net, sgd, new TrainerOptions { Epochs = 50, BatchSize = 10, EarlyStoppingPatience = 2, DecayEveryEpochs = 1, DecayFactor = 0.5f });
        IReadOnlyList<EpochResult> history = trainer.Fit(data, validation: data);
        Assert.True(history.Count < 50, $"ran {history.Count} epochs");
        Assert.Equal(0.4f * 0.5f, history[1].LearningRate, 6);
    }

    [Fact]
    public void A_rejected_train_step_leaves_parameters_and_optimizer_state_byte_identical()
    {
        using Network net = new NetworkBuilder(4).Dense(5, Activation.Relu).Dense(3).Build();
        using var adam = new Adam(net.Parameters.Length);
        using Workspace ws = net.CreateWorkspace(2);
        float[] x = RandomValues.Uniform(8, 1);
        net.TrainStep(x, [0, 2], 2, adam, ws);
        float[] parameters = net.Parameters.Values.ToArray();
        float[] state = new float[2 * net.Parameters.Length];
        adam.CopyStateTo(state);

        float[] withNaN = (float[])x.Clone();
        withNaN[5] = float.NaN;
        Assert.Contains("input[5] is NaN", Assert.Throws<ArgumentException>(() => net.TrainStep(withNaN, [0, 1], 2, adam, ws)).Message, StringComparison.Ordinal);
        Assert.Equal("labels", Assert.Throws<ArgumentOutOfRangeException>(() => net.TrainStep(x, [0, 3], 2, adam, ws)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => net.TrainStep(x.AsSpan(0, 7), [0, 1], 2, adam, ws)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => net.TrainStep(new float[12], [0, 1, 2], 3, adam, ws)).ParamName);
        Assert.Equal("optimizer", Assert.Throws<ArgumentException>(() => net.TrainStep(x, [0, 1], 2, new Sgd(3), ws)).ParamName);

        Assert.Equal(parameters, net.Parameters.Values.ToArray());
        float[] stateAfter = new float[state.Length];
        adam.CopyStateTo(stateAfter);
        Assert.Equal(state, stateAfter);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void A_step_layer_cannot_be_trained_and_the_error_says_why()
    {
        using Network net = new NetworkBuilder(2).Dense(2, Activation.Step).Dense(2).Build();
        using var sgd = new Sgd(net.Parameters.Length);
        using Workspace ws = net.CreateWorkspace(1);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => net.TrainStep([1f, 0f], [1], 1, sgd, ws));
        Assert.Contains("Step", e.Message, StringComparison.Ordinal);
        Assert.InRange(net.Classify([1f, 0f], ws), 0, 1);
    }

    [Fact]
    public void Model_files_round_trip_and_reject_truncation_and_alteration()
    {
        using Network net = new NetworkBuilder(3).Dense(4, Activation.LeakyRelu, alpha: 0.1f).Dense(2, Activation.Sigmoid, bias: false).Loss(new BinaryCrossEntropyLoss()).Build(seed: 9);
        string path = Path.Combine(Path.GetTempPath(), $"spannet-{Guid.NewGuid():N}.model");
        try
        {
            ModelFile.Save(net, path);
            using Network loaded = ModelFile.Load(path);
            Assert.Equal(net.Parameters.Values.ToArray(), loaded.Parameters.Values.ToArray());
            Assert.Equal(ModelFile.Serialize(net), File.ReadAllBytes(path));
            Assert.Equal(net.Layers.Count, loaded.Layers.Count);
            Assert.Equal(LossKind.BinaryCrossEntropy, loaded.Loss.Kind);

            byte[] bytes = File.ReadAllBytes(path);
            Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes.AsSpan(0, bytes.Length - 5), "t")).Message, StringComparison.Ordinal);
            byte[] altered = (byte[])bytes.Clone();
            altered[^40] ^= 1;
            Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(altered, "a")).Message, StringComparison.Ordinal);
            Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize("NOPE, followed by enough bytes to pass the length check of the loader."u8.ToArray(), "m")).Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_initial_weights_and_he_scale_for_relu()
    {
        using Network a = NetworkFactory.Mnist(3);
        using Network b = NetworkFactory.Mnist(3);
        Assert.Equal(a.Parameters.Values.ToArray(), b.Parameters.Values.ToArray());
        double sumSquares = 0;
        foreach (float w in a.Weights(0))
        {
            sumSquares += w * w;
        }

        double std = Math.Sqrt(sumSquares / a.Weights(0).Length);
        Assert.InRange(std, Math.Sqrt(2.0 / 784) * 0.97, Math.Sqrt(2.0 / 784) * 1.03);
    }

    internal static LabeledDataset Blobs(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * 2];
        var labels = new int[count];
        float[] centers = [-2, -2, 2, -2, 0, 2];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % 3;
            features[2 * i] = centers[2 * labels[i]] + (float)((random.NextDouble() - 0.5) * 1.5);
            features[(2 * i) + 1] = centers[(2 * labels[i]) + 1] + (float)((random.NextDouble() - 0.5) * 1.5);
        }

        return LabeledDataset.FromLabels(features, 2, labels, 3);
    }

    private static byte[] TrainTiny(int seed)
    {
        LabeledDataset data = Blobs(90, seed: 1);
        using Network net = new NetworkBuilder(2).Dense(6, Activation.Relu).Dense(3).Build(seed);
        using var momentum = new Momentum(net.Parameters.Length);
        using var trainer = new Trainer(net, momentum, new TrainerOptions { Epochs = 3, BatchSize = 16, Seed = seed });
        trainer.Fit(data);
        return ModelFile.Serialize(net);
    }
}
