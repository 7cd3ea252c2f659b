using System;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Training;

/// <summary>The loop a user writes from the public pieces: ComputeLoss, ZeroGradients, Backward, Step.</summary>
public class TrainingLoopTests
{
    private const int Inputs = 5;
    private const int Classes = 3;
    private const int BatchSize = 4;

    [Fact]
    public void A_hand_written_step_gives_the_same_bits_as_train_step()
    {
        float[] x = RandomValues.Uniform(BatchSize * Inputs, 3);
        int[] labels = [0, 2, 1, 2];
        using Network byHand = Build();
        using Network byCall = Build();
        using var sgdByHand = new Sgd(byHand.Parameters.Length, 0.1f);
        using var sgdByCall = new Sgd(byCall.Parameters.Length, 0.1f);
        using Workspace wsByHand = byHand.CreateWorkspace(BatchSize);
        using Workspace wsByCall = byCall.CreateWorkspace(BatchSize);
        for (int step = 0; step < 3; step++)
        {
            float loss = byHand.ComputeLoss(x, labels, BatchSize, wsByHand);
            byHand.Parameters.ZeroGradients();
            byHand.Backward(x, labels, BatchSize, wsByHand);
            sgdByHand.Step(byHand.Parameters.Values, byHand.Parameters.Gradients);

            Assert.Equal(byCall.TrainStep(x, labels, BatchSize, sgdByCall, wsByCall), loss);
            Assert.Equal(byCall.Parameters.Values.ToArray(), byHand.Parameters.Values.ToArray());
        }
    }

    [Fact]
    public void Backward_without_the_loss_of_that_batch_is_refused_and_changes_nothing()
    {
        float[] x = RandomValues.Uniform(BatchSize * Inputs, 4);
        int[] labels = [0, 1, 2, 0];
        using Network net = Build();
        using Workspace ws = net.CreateWorkspace(BatchSize);
        float[] gradients = net.Parameters.Gradients.ToArray();

        Assert.Throws<InvalidOperationException>(() => net.Backward(x, labels, BatchSize, ws));
        net.ComputeLoss(x, labels, BatchSize, ws);
        Assert.Throws<InvalidOperationException>(() => net.Backward(x.AsSpan(0, 2 * Inputs), labels.AsSpan(0, 2), 2, ws));
        net.Forward(x, BatchSize, ws);
        Assert.Throws<InvalidOperationException>(() => net.Backward(x, labels, BatchSize, ws));

        net.ComputeLoss(x, labels, BatchSize, ws);
        Assert.Equal("labels", Assert.Throws<ArgumentOutOfRangeException>(() => net.Backward(x, [0, 1, 3, 0], BatchSize, ws)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => net.Backward(x.AsSpan(1), labels, BatchSize, ws)).ParamName);
        Assert.Equal(gradients, net.Parameters.Gradients.ToArray());
    }

    [Fact]
    public void A_dataset_copies_what_it_is_given_so_later_changes_to_the_arrays_do_not_reach_it()
    {
        float[] features = [1f, 2f, 3f, 4f];
        int[] labels = [0, 1];
        LabeledDataset data = LabeledDataset.FromLabels(features, 2, labels, 2);
        features[0] = float.NaN;
        labels[1] = 7;
        Assert.Equal([1f, 2f, 3f, 4f], data.Features.ToArray());
        Assert.Equal([0, 1], data.Labels.ToArray());

        LabeledDataset tail = data.Slice(1, 1);
        Assert.Equal([3f, 4f], tail.Features.ToArray());
        Assert.Equal([1], tail.Labels.ToArray());
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => data.Slice(1, 2)).ParamName);
    }

    [Fact]
    public void A_sampler_deals_every_sample_once_per_epoch_in_a_seeded_order()
    {
        float[] features = new float[7 * 2];
        int[] labels = new int[7];
        for (int i = 0; i < 7; i++)
        {
            features[2 * i] = i;
            labels[i] = i % 3;
        }

        LabeledDataset data = LabeledDataset.FromLabels(features, 2, labels, 3);
        using var first = new BatchSampler(data, 3, shuffle: true, seed: 5);
        using var second = new BatchSampler(data, 3, shuffle: true, seed: 5);
        Assert.Equal(3, first.BatchCount);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            first.BeginEpoch();
            second.BeginEpoch();
            var seen = new bool[7];
            for (int b = 0; b < first.BatchCount; b++)
            {
                Batch one = first.Next();
                float[] inputs = one.Inputs.ToArray();
                int[] batchLabels = one.Labels.ToArray();
                Assert.Equal(inputs, second.Next().Inputs.ToArray());
                Assert.Equal(b < 2 ? 3 : 1, one.Count);
                for (int s = 0; s < one.Count; s++)
                {
                    int sample = (int)inputs[2 * s];
                    Assert.False(seen[sample]);
                    seen[sample] = true;
                    Assert.Equal(sample % 3, batchLabels[s]);
                }
            }

            Assert.All(seen, Assert.True);
            Assert.Throws<InvalidOperationException>(() => first.Next());
        }
    }

    private static Network Build() => new NetworkBuilder(Inputs).Dense(6, Activation.Tanh).Dense(Classes).Build(seed: 8);
}
