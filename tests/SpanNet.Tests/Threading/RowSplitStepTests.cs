using System;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Threading;

/// <summary>
/// A row-split training step (each thread runs a range of rows forward, through the loss and back to the first
/// layer's input; the parameter gradients then take the whole batch) gives the bits of the layer-by-layer passes, for
/// every row-local loss, smooth and piecewise activations, widths that are not multiples of a vector, and batches
/// that do not split evenly.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class RowSplitStepTests
{
    public static TheoryData<int, int> Cases => new()
    {
        // Every case is over the step's split threshold (StepThreads), so the steps at more than one thread split.
        { 0, 38 },  // ranges of 16 and 22 rows
        { 0, 100 },
        { 0, 200 }, // the whole batch's products pack B, a range's read it in place
        { 1, 49 },
        { 1, 64 },
        { 2, 64 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_row_split_pass_gives_the_loss_and_gradients_of_the_layer_by_layer_passes(int kind, int batch)
    {
        using var scope = new ThreadCountScope(2);
        (float[] x, int[]? labels, float[]? targets) = Batch(kind, batch);
        using Network split = Build(kind);
        using Network layered = Build(kind);
        Assert.True(split.SplitsByRows);
        Assert.True(RowRanges.Parts(batch) > 1);
        using Workspace splitSpace = split.CreateWorkspace(batch);
        using Workspace layeredSpace = layered.CreateWorkspace(batch);

        long before = ThreadCountScope.ParallelJobs;
        float splitLoss = split.TrainingPasses(x, labels is null ? Targets.FromValues(targets) : Targets.FromLabels(labels), batch, splitSpace);
        Assert.True(ThreadCountScope.ParallelJobs > before, "nothing was split");
        float layeredLoss = labels is null
            ? layered.ComputeGradients(x, targets, batch, layeredSpace)
            : layered.ComputeGradients(x, labels, batch, layeredSpace);

        Assert.Equal(BitConverter.SingleToInt32Bits(layeredLoss), BitConverter.SingleToInt32Bits(splitLoss));
        AssertSameBits(layered.Parameters.Gradients.ToArray(), split.Parameters.Gradients.ToArray(), "gradient");
        AssertSameBits(layeredSpace.Output(split.Layers.Count - 1, batch).ToArray(), splitSpace.Output(split.Layers.Count - 1, batch).ToArray(), "score");

        // The workspace holds the split pass's loss, so the public backward pass can run from it too.
        layered.Parameters.ZeroGradients();
        if (labels is null)
        {
            layered.Backward(x, targets, batch, layeredSpace);
            split.Parameters.ZeroGradients();
            split.Backward(x, targets, batch, splitSpace);
        }
        else
        {
            layered.Backward(x, labels, batch, layeredSpace);
            split.Parameters.ZeroGradients();
            split.Backward(x, labels, batch, splitSpace);
        }

        AssertSameBits(layered.Parameters.Gradients.ToArray(), split.Parameters.Gradients.ToArray(), "gradient after Backward");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Row_split_steps_give_the_same_parameters_at_every_thread_count_and_allocate_nothing(int kind, int batch)
    {
        (float[] x, int[]? labels, float[]? targets) = Batch(kind, batch);
        float[]? expected = null;
        foreach (int threads in ThreadCountScope.Counts)
        {
            using var scope = new ThreadCountScope(threads);
            using Network net = Build(kind);
            using Workspace ws = net.CreateWorkspace(batch);
            using var adam = new Adam(net.Parameters.Length);
            float Step() => labels is null ? net.TrainStep(x, targets, batch, adam, ws) : net.TrainStep(x, labels, batch, adam, ws);
            Assert.False(StepThreads.TooSmallToSplit(net, batch));
            long before = ThreadCountScope.ParallelJobs;
            float[] losses = [Step(), Step(), Step()];
            Assert.True(threads == 1 || ThreadCountScope.ParallelJobs > before, $"nothing was split at {threads} threads");
            float[] actual = [.. net.Parameters.Values.ToArray(), .. losses];
            expected ??= actual;
            AssertSameBits(expected, actual, $"at {threads} threads: parameter or loss");
            KernelAllocationTests.AssertNoAllocation(() => Step(), calls: 50);
        }
    }

    [Fact]
    public void Networks_with_a_layer_that_needs_the_whole_batch_or_a_loss_on_probabilities_do_not_split_by_rows()
    {
        using Network batchNorm = new NetworkBuilder(20).Dense(16).BatchNorm().Activate(Activation.Relu).Dense(3).Build(seed: 1);
        using Network dropout = new NetworkBuilder(20).Dense(16, Activation.Relu).Dropout(0.5f).Dense(3).Build(seed: 1);
        using Network softmaxLayer = new NetworkBuilder(20).Dense(16, Activation.Relu).Dense(3, Activation.Softmax).Build(seed: 1);
        using Network plain = new NetworkBuilder(20).Dense(16, Activation.Relu).Dense(3).Build(seed: 1);
        Assert.False(batchNorm.SplitsByRows);
        Assert.False(dropout.SplitsByRows);
        Assert.False(softmaxLayer.SplitsByRows);
        Assert.True(plain.SplitsByRows);
    }

    [Theory]
    [InlineData(100, 2, new[] { 0, 48, 100 })]
    [InlineData(37, 2, new[] { 0, 16, 37 })]
    [InlineData(50, 3, new[] { 0, 16, 32, 50 })]
    [InlineData(1000, 8, new[] { 0, 112, 240, 368, 496, 624, 736, 864, 1000 })]
    public void Ranges_start_at_multiples_of_sixteen_rows_and_cover_the_batch(int batch, int parts, int[] starts)
    {
        for (int part = 0; part <= parts; part++)
        {
            Assert.Equal(starts[part], RowRanges.Start(batch, part, parts));
        }
    }

    private static Network Build(int kind) => kind switch
    {
        0 => new NetworkBuilder(784).Dense(130, Activation.Tanh).Dense(70, Activation.Gelu).Dense(10).Build(seed: 21),
        1 => new NetworkBuilder(300).Dense(257, Activation.Silu).Dense(33, Activation.Sigmoid).Dense(3).Loss(new SquaredErrorLoss()).Build(seed: 22),
        _ => new NetworkBuilder(500).Dense(129, Activation.Elu).Dense(10).Build(seed: 23),
    };

    private static (float[] X, int[]? Labels, float[]? Targets) Batch(int kind, int batch)
    {
        int inputs = kind switch { 0 => 784, 1 => 300, _ => 500 };
        float[] x = RandomValues.Uniform(batch * inputs, 30 + kind);
        if (kind == 0)
        {
            x = GradientCheckProperties.MostlyZeros(x, 31);
        }

        if (kind == 0)
        {
            (_, int[] labels) = RandomValues.Classes(batch, 10, 32);
            return (x, labels, null);
        }

        if (kind == 1)
        {
            return (x, null, RandomValues.Uniform(batch * 3, 33));
        }

        // Probability rows as targets: each row's uniform values scaled to sum to 1.
        float[] targets = RandomValues.Uniform(batch * 10, 34);
        for (int row = 0; row < batch; row++)
        {
            Span<float> t = targets.AsSpan(row * 10, 10);
            float sum = 0f;
            foreach (ref float value in t)
            {
                value = Math.Abs(value);
                sum += value;
            }

            foreach (ref float value in t)
            {
                value /= sum;
            }
        }

        return (x, null, targets);
    }

    private static void AssertSameBits(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what} {i} differs: {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }
}
