using System;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.Layers;

/// <summary>
/// The losses and the softmax layer through the network's public entry points, against references computed here in
/// double precision from the network's own forward output: class labels and one-hot target rows are two spellings
/// of the same targets and must give the same loss and gradients.
/// </summary>
public sealed class LossLayerTests
{
    private static readonly float[] Input = [0.5f, -1f, 2f, 1f, 0.25f, -0.5f, -2f, 0.75f, 0.1f];
    private static readonly int[] Labels = [0, 3, 2];

    [Fact]
    public void Cross_entropy_on_a_softmax_layer_with_labels_is_the_mean_negative_log_probability_of_the_label()
    {
        using Network network = new NetworkBuilder(3).Dense(4, Activation.Tanh).Activate(Activation.Softmax).Loss(new CrossEntropyLoss()).Build(8);
        using Workspace workspace = network.CreateWorkspace(3);
        Assert.True(network.Loss.AcceptsLabels);
        float[] probabilities = network.Forward(Input, 3, workspace).ToArray();
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            expected -= Math.Log(probabilities[(i * 4) + Labels[i]]);
        }

        expected /= 3;
        Assert.Equal(expected, network.ComputeLoss(Input, Labels, 3, workspace), 1e-6);
    }

    [Fact]
    public void Cross_entropy_floors_a_zero_probability_instead_of_taking_the_log_of_zero()
    {
        // A one-hot softmax output: the labelled class gets probability 0 in float, and the loss is -log(floor).
        using Network network = new NetworkBuilder(2).Dense(2, bias: false).Activate(Activation.Softmax).Loss(new CrossEntropyLoss()).Build(1);
        network.SetWeights(0, [200f, 0f, 0f, 0f]);
        using Workspace workspace = network.CreateWorkspace(1);
        float loss = network.ComputeLoss([1f, 0f], [1], 1, workspace);
        Assert.True(float.IsFinite(loss) && loss > 10f, $"loss {loss}");
        Assert.Equal(-Math.Log(SpanNet.Kernels.Losses.ProbabilityFloor), loss, 1e-4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_and_one_hot_rows_give_the_same_loss_and_gradients(bool fusedSoftmax)
    {
        var builder = new NetworkBuilder(3).Dense(4, Activation.Tanh);
        using Network network = fusedSoftmax
            ? builder.Build(8)
            : builder.Activate(Activation.Softmax).Loss(new CrossEntropyLoss()).Build(8);
        using Workspace workspace = network.CreateWorkspace(3);
        float[] oneHot = new float[12];
        for (int i = 0; i < 3; i++)
        {
            oneHot[(i * 4) + Labels[i]] = 1f;
        }

        // Soft targets before each, so every backward pass starts from a workspace whose gradient buffers hold other
        // nonzero values everywhere: what a pass does not write must be cleared, and a pass that wrote nothing shows.
        float[] soft = new float[12];
        Array.Fill(soft, 0.25f);
        network.ComputeGradients(Input, soft, 3, workspace);
        float[] softGradients = network.Parameters.Gradients.ToArray();
        float labelsLoss = network.ComputeGradients(Input, Labels, 3, workspace);
        float[] labelsGradients = network.Parameters.Gradients.ToArray();
        network.ComputeGradients(Input, soft, 3, workspace);
        float rowsLoss = network.ComputeGradients(Input, oneHot, 3, workspace);
        float[] rowsGradients = network.Parameters.Gradients.ToArray();
        Assert.True(softGradients.AsSpan().IndexOfAnyExcept(0f) >= 0, "soft targets gave no gradient");
        Assert.NotEqual(softGradients, labelsGradients);

        Assert.Equal(rowsLoss, labelsLoss, 1e-6f);
        Assert.True(rowsGradients.AsSpan().IndexOfAnyExcept(0f) >= 0, "no gradient was computed");
        for (int i = 0; i < rowsGradients.Length; i++)
        {
            Assert.True(Math.Abs(rowsGradients[i] - labelsGradients[i]) <= 1e-5f * (1f + Math.Abs(rowsGradients[i])), $"gradient {i}: rows {rowsGradients[i]}, labels {labelsGradients[i]}");
        }
    }

    [Fact]
    public void A_network_that_starts_with_a_softmax_layer_trains_and_its_gradients_match_central_differences()
    {
        using Network network = new NetworkBuilder(3).Activate(Activation.Softmax).Dense(2).Build(3);
        using Workspace workspace = network.CreateWorkspace(3);
        int[] labels = [0, 1, 1];
        network.ComputeGradients(Input, labels, 3, workspace);
        float[] analytic = network.Parameters.Gradients.ToArray();
        Span<float> values = network.Parameters.Values;
        for (int p = 0; p < values.Length; p++)
        {
            const float H = 1e-3f;
            float kept = values[p];
            values[p] = kept + H;
            double plus = network.ComputeLoss(Input, labels, 3, workspace);
            values[p] = kept - H;
            double minus = network.ComputeLoss(Input, labels, 3, workspace);
            values[p] = kept;
            Assert.Equal((plus - minus) / (2 * H), analytic[p], 2e-3);
        }
    }

    [Fact]
    public void An_alpha_the_activation_cannot_take_is_refused_saying_what_it_takes()
    {
        var builder = new NetworkBuilder(3);
        Assert.Contains("α of elu must be", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(3, Activation.Elu, alpha: -1f)).Message, StringComparison.Ordinal);
        Assert.Contains("relu takes no α; it was 0.5", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(3, Activation.Relu, alpha: 0.5f)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Softmax_has_no_element_wise_descriptor_and_step_has_no_gradient()
    {
        Assert.Contains("Softmax is not an element-wise activation", Assert.Throws<ArgumentOutOfRangeException>(() => ActivationDescriptors.For(Activation.Softmax)).Message, StringComparison.Ordinal);
        ActivationDescriptor step = ActivationDescriptors.For(Activation.Step);
        Assert.False(step.IsTrainable);
        float[] dInput = [Sentinel, Sentinel];
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => step.ApplyBackward([1f, 1f], [0f, 1f], [0f, 1f], 0f, 0f, dInput));
        Assert.Contains("step has no gradient", error.Message, StringComparison.Ordinal);
        Assert.Equal([Sentinel, Sentinel], dInput);
    }

    private const float Sentinel = -7.25f;
}
