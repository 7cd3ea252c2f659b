using System;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>
/// Every parallel path gives the same bits at 1, 2, 3 and 8 threads: GEMM at every transpose (packed and
/// zero-skipping), a training step, an epoch and batched inference. Each run at more than one thread must also have
/// handed work to the pool, so a test cannot pass by never splitting.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class ThreadCountDeterminismTests
{
    public static TheoryData<int, int, int, MatrixOperation, MatrixOperation, float> GemmShapes => new()
    {
        { 100, 100, 784, MatrixOperation.Identity, MatrixOperation.Identity, 0f },  // the MNIST forward product
        { 784, 100, 100, MatrixOperation.Transpose, MatrixOperation.Identity, 1f }, // its weight gradient, accumulated
        { 100, 784, 100, MatrixOperation.Identity, MatrixOperation.Transpose, 0f }, // its input gradient
        { 257, 131, 301, MatrixOperation.Transpose, MatrixOperation.Transpose, 0.5f }, // ragged edges everywhere
        { 32, 1000, 70, MatrixOperation.Identity, MatrixOperation.Identity, 1f },
        { 600, 600, 600, MatrixOperation.Identity, MatrixOperation.Identity, 0f }, // several cache blocks each way
        { 37, 101, 300, MatrixOperation.Identity, MatrixOperation.Identity, 1f }, // B read in place, ragged rows and columns
        { 128, 500, 600, MatrixOperation.Transpose, MatrixOperation.Identity, 0f }, // B read in place, several depth blocks
    };

    [Theory]
    [MemberData(nameof(GemmShapes))]
    public void Gemm_gives_the_same_bits_at_every_thread_count(int m, int n, int k, MatrixOperation opA, MatrixOperation opB, float beta)
    {
        float[] a = RandomValues.Uniform(m * k, 1);
        float[] b = RandomValues.Uniform(k * n, 2);
        float[] c0 = RandomValues.Uniform(m * n, 3);
        AssertSameAtEveryThreadCount(() =>
        {
            float[] c = (float[])c0.Clone();
            Gemm.MultiplyAdd(a, b, c, m, n, k, opA, opB, alpha: 0.75f, beta: beta);
            return c;
        });
    }

    [Theory]
    [InlineData(MatrixOperation.Identity)]
    [InlineData(MatrixOperation.Transpose)]
    public void The_zero_skipping_product_gives_the_same_bits_at_every_thread_count(MatrixOperation opA)
    {
        (int m, int n, int k) = opA == MatrixOperation.Identity ? (100, 100, 784) : (784, 100, 100);
        float[] a = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(m * k, 4), 4);
        float[] b = RandomValues.Uniform(k * n, 5);
        float[] c0 = RandomValues.Uniform(m * n, 6);
        AssertSameAtEveryThreadCount(() =>
        {
            float[] c = (float[])c0.Clone();
            Gemm.MultiplyAddSparseA(a, b, c, m, n, k, opA, beta: 1f);
            return c;
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_steps_give_the_same_parameters_at_every_thread_count(bool sparseInput)
    {
        float[] x = RandomValues.Uniform(100 * 784, 7);
        if (sparseInput)
        {
            x = GradientCheckProperties.MostlyZeros(x, 7);
        }

        (_, int[] labels) = RandomValues.Classes(100, 10, 8);
        AssertSameAtEveryThreadCount(() =>
        {
            using Network net = NetworkFactory.Mnist();
            using Workspace ws = net.CreateWorkspace(100);
            using var adam = new Adam(net.Parameters.Length);
            float loss = 0f;
            for (int step = 0; step < 5; step++)
            {
                loss = net.TrainStep(x, labels, 100, adam, ws);
            }

            return [.. net.Parameters.Values.ToArray(), loss];
        });
    }

    [Fact]
    public void An_epoch_gives_the_same_parameters_and_history_at_every_thread_count()
    {
        float[] pixels = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(1000 * 784, 9), 9);
        (_, int[] labels) = RandomValues.Classes(1000, 10, 10);
        LabeledDataset data = LabeledDataset.FromLabels(pixels, 784, labels, 10);
        AssertSameAtEveryThreadCount(() =>
        {
            using Network net = new NetworkBuilder(784).Dense(256, Activation.Relu).Dense(10).Build(seed: 11);
            using var momentum = new Momentum(net.Parameters.Length, 0.05f);
            using var trainer = new Trainer(net, momentum, new TrainerOptions { Epochs = 1, BatchSize = 100 });
            EpochResult result = trainer.Fit(data)[0];
            return [.. net.Parameters.Values.ToArray(), result.TrainLoss, result.TrainAccuracy];
        });
    }

    [Fact]
    public void Batch_gathers_gradient_clears_and_nonzero_counts_give_the_same_results_at_every_thread_count()
    {
        float[] pixels = GradientCheckProperties.MostlyZeros(RandomValues.Uniform(1000 * 784, 14), 14);
        (_, int[] labels) = RandomValues.Classes(1000, 10, 15);
        LabeledDataset data = LabeledDataset.FromLabels(pixels, 784, labels, 10);
        int expectedNonZeros = 0;
        foreach (float pixel in pixels)
        {
            expectedNonZeros += pixel == 0f ? 0 : 1;
        }

        AssertSameAtEveryThreadCount(() =>
        {
            // The count of the whole dataset is split too, and must be the exact count a plain loop gives.
            Assert.Equal(expectedNonZeros, (int)Reductions.NonZeroCount(pixels));
            using var sampler = new BatchSampler(data, 100, shuffle: true, seed: 16);
            sampler.BeginEpoch();
            var gathered = new System.Collections.Generic.List<float>();
            for (int step = 0; step < 3; step++)
            {
                Batch batch = sampler.Next();
                gathered.AddRange(batch.Inputs.ToArray());
                gathered.Add(Reductions.NonZeroFraction(batch.Inputs));
                foreach (int label in batch.Labels)
                {
                    gathered.Add(label);
                }
            }

            float[] gradients = RandomValues.Uniform(79_510, 17);
            ParameterUpdateDriver.Clear(gradients);
            Assert.All(gradients, g => Assert.Equal(0, BitConverter.SingleToInt32Bits(g)));
            return [.. gathered];
        });
    }

    [Fact]
    public void Batched_inference_gives_the_same_predictions_at_every_thread_count()
    {
        float[] x = RandomValues.Uniform(256 * 784, 12);
        AssertSameAtEveryThreadCount(() =>
        {
            using Network net = new NetworkBuilder(784).Dense(300, Activation.Tanh).Dense(100, Activation.Relu).Dense(10).Build(seed: 13);
            using Workspace ws = net.CreateWorkspace(256);
            var probabilities = new float[256 * 10];
            net.Predict(x, probabilities, 256, ws);
            return probabilities;
        });
    }

    /// <summary>Runs <paramref name="compute"/> at each count of <see cref="ThreadCountScope.Counts"/> and compares bits with the one-thread run.</summary>
    private static void AssertSameAtEveryThreadCount(Func<float[]> compute)
    {
        float[] expected;
        using (new ThreadCountScope(1))
        {
            expected = compute();
        }

        foreach (int threads in ThreadCountScope.Counts[1..])
        {
            using var scope = new ThreadCountScope(threads);
            long jobsBefore = ThreadCountScope.ParallelJobs;
            float[] actual = compute();
            Assert.True(ThreadCountScope.ParallelJobs > jobsBefore, $"nothing was split at {threads} threads");
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    Assert.Fail($"element {i} differs at {threads} threads: {actual[i]:R}, one thread gave {expected[i]:R}");
                }
            }
        }
    }
}
