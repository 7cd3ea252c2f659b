using System;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.Networks;

/// <summary>
/// Every public entry point of <see cref="Network"/> refuses a bad argument before it writes anything: the exception
/// names the parameter and says what was wrong, and the parameters, gradients and any output buffer are left exactly
/// as they were.
/// </summary>
public sealed class NetworkArgumentTests : IDisposable
{
    private const float Sentinel = -7.25f;

    /// <summary>3 inputs → Dense 4 (ReLU) → Dense 3 without bias: layer 0 dense with bias, layer 1 ReLU, layer 2 dense without.</summary>
    private readonly Network _net = new NetworkBuilder(3).Dense(4, Activation.Relu).Dense(3, bias: false).Build(5);
    private readonly Workspace _workspace;
    private readonly float[] _input = [0.5f, -1f, 2f, 1f, 0.25f, -0.5f];
    private readonly int[] _labels = [0, 2];
    private readonly float[] _targets = [1f, 0f, 0f, 0f, 0f, 1f];

    public NetworkArgumentTests() => _workspace = _net.CreateWorkspace(2);

    public void Dispose()
    {
        _workspace.Dispose();
        _net.Dispose();
    }

    [Fact]
    public void A_workspace_of_another_network_is_refused_by_every_entry_point()
    {
        using Network other = new NetworkBuilder(3).Dense(4, Activation.Relu).Dense(3, bias: false).Build(5);
        using Workspace foreign = other.CreateWorkspace(2);
        Unchanged(() => _net.Forward(_input, 2, foreign), "workspace", "made for a different network");
        Unchanged(() => _net.Predict(_input, new float[6], 2, foreign), "workspace", "made for a different network");
        Unchanged(() => _net.ComputeLoss(_input, _labels, 2, foreign), "workspace", "made for a different network");
        Unchanged(() => _net.Backward(_input, _labels, 2, foreign), "workspace", "made for a different network");
        Unchanged(() => _net.Backward(_input, _targets, 2, foreign), "workspace", "made for a different network");
        Assert.Throws<ArgumentNullException>(() => _net.Forward(_input, 2, null!));
        Assert.Throws<ArgumentNullException>(() => _net.Backward(_input, _labels, 2, null!));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_batch_outside_the_workspace_is_refused_naming_its_capacity(int batch)
    {
        float[] input = new float[Math.Max(batch, 1) * 3];
        Unchanged(() => _net.Forward(input, batch, _workspace), "batch", $"batch is {batch}; the workspace holds 1 to 2 samples");
        Unchanged(() => _net.ComputeGradients(input, new int[batch], batch, _workspace), "batch", "the workspace holds 1 to 2");
    }

    [Fact]
    public void Inputs_of_the_wrong_length_or_not_finite_are_refused_by_every_entry_point()
    {
        float[] shortInput = _input[..5];
        float[] nanInput = (float[])_input.Clone();
        nanInput[4] = float.NaN;
        foreach (float[] bad in new[] { shortInput, nanInput })
        {
            Unchanged(() => _net.Forward(bad, 2, _workspace), "input", null);
            Unchanged(() => _net.ComputeLoss(bad, _labels, 2, _workspace), "input", null);
            Unchanged(() => _net.ComputeLoss(bad, _targets, 2, _workspace), "input", null);
            Unchanged(() => _net.ComputeGradients(bad, _labels, 2, _workspace), "input", null);
            Unchanged(() => _net.ComputeGradients(bad, _targets, 2, _workspace), "input", null);
        }

        Unchanged(() => _net.Classify(_input[..2], _workspace), "sample", null);
        float[] output = Filled(6);
        Unchanged(() => _net.Predict(nanInput, output, 2, _workspace), "input", "input[4] is NaN");
        Assert.All(output, value => Assert.Equal(Sentinel, value));
    }

    [Fact]
    public void A_prediction_buffer_of_the_wrong_length_is_refused_and_not_written()
    {
        float[] output = Filled(5);
        Unchanged(() => _net.Predict(_input, output, 2, _workspace), "output", null);
        Assert.All(output, value => Assert.Equal(Sentinel, value));
    }

    [Fact]
    public void Labels_of_the_wrong_count_or_out_of_range_are_refused_naming_the_label()
    {
        Unchanged(() => _net.ComputeLoss(_input, [0], 2, _workspace), "labels", null);
        Unchanged(() => _net.ComputeLoss(_input, [0, 3], 2, _workspace), "labels", "labels[1] is 3; classes are 0 to 2.");
        Unchanged(() => _net.ComputeGradients(_input, [-1, 0], 2, _workspace), "labels", "labels[0] is -1; classes are 0 to 2.");
        _net.ComputeLoss(_input, _labels, 2, _workspace);
        Unchanged(() => _net.Backward(_input, [0, 3], 2, _workspace), "labels", "labels[1] is 3");
    }

    [Fact]
    public void A_label_past_the_classes_is_refused_where_the_loss_itself_would_not_notice()
    {
        // Cross-entropy on a softmax layer indexes the labelled probability directly: label 3 of row 0 would read and
        // write row 1's first class without any exception, so the network's own check is what stops it.
        using Network network = new NetworkBuilder(3).Dense(3).Activate(Activation.Softmax).Loss(new CrossEntropyLoss()).Build(2);
        using Workspace workspace = network.CreateWorkspace(2);
        int[] bad = [3, 0];
        Unchanged(network, () => network.ComputeLoss(_input, bad, 2, workspace), "labels", "labels[0] is 3; classes are 0 to 2.");
        Unchanged(network, () => network.ComputeLoss(_input, [0], 2, workspace), "labels", null);
        Unchanged(network, () => network.ComputeGradients(_input, bad, 2, workspace), "labels", "labels[0] is 3");
        network.ComputeLoss(_input, _labels, 2, workspace);
        Unchanged(network, () => network.Backward(_input, bad, 2, workspace), "labels", "labels[0] is 3");
    }

    [Fact]
    public void Backward_of_a_single_sample_follows_its_loss()
    {
        _net.ComputeLoss(_input[..3], _labels[..1], 1, _workspace);
        _net.Backward(_input[..3], _labels[..1], 1, _workspace);
        Assert.True(_net.Parameters.Gradients.ToArray().AsSpan().IndexOfAnyExcept(0f) >= 0, "no gradient was added");
    }

    [Fact]
    public void Only_the_first_dense_layer_reads_the_network_input_and_may_skip_its_zeros()
    {
        Assert.True(_net.Pass(0, _workspace, training: false, backward: false, 0).ReadsNetworkInput);
        Assert.False(_net.Pass(2, _workspace, training: false, backward: false, 0).ReadsNetworkInput);
        using Network activationFirst = new NetworkBuilder(3).Activate(Activation.Relu).Dense(2).Build(1);
        using Workspace workspace = activationFirst.CreateWorkspace(1);
        Assert.False(activationFirst.Pass(1, workspace, training: false, backward: false, 0).ReadsNetworkInput);
    }

    [Fact]
    public void Labels_for_a_loss_that_needs_target_rows_are_refused_by_name()
    {
        using Network regression = new NetworkBuilder(3).Dense(3).Loss(new SquaredErrorLoss()).Build(1);
        using Workspace workspace = regression.CreateWorkspace(2);
        Unchanged(regression, () => regression.ComputeLoss(_input, _labels, 2, workspace), "labels", "needs target rows, not class labels");
    }

    [Fact]
    public void Targets_of_the_wrong_length_or_not_finite_are_refused()
    {
        float[] infinite = (float[])_targets.Clone();
        infinite[2] = float.PositiveInfinity;
        Unchanged(() => _net.ComputeLoss(_input, _targets[..5], 2, _workspace), "targets", null);
        Unchanged(() => _net.ComputeGradients(_input, infinite, 2, _workspace), "targets", "targets[2] is");
        _net.ComputeLoss(_input, _targets, 2, _workspace);
        Unchanged(() => _net.Backward(_input, _targets[..4], 2, _workspace), "targets", null);
        Unchanged(() => _net.Backward(_input, infinite, 2, _workspace), "targets", null);
    }

    [Fact]
    public void Backward_needs_the_loss_of_the_same_batch_in_the_workspace()
    {
        InvalidOperationException none = Assert.Throws<InvalidOperationException>(() => _net.Backward(_input, _labels, 2, _workspace));
        Assert.Contains("call ComputeLoss on the same input and workspace first", none.Message, StringComparison.Ordinal);

        _net.ComputeLoss(_input, _labels, 2, _workspace);
        InvalidOperationException other = Assert.Throws<InvalidOperationException>(() => _net.Backward(_input[..3], _labels[..1], 1, _workspace));
        Assert.Contains("holds the loss of a batch of 2, not 1", other.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => _net.Backward(_input, _labels, 0, _workspace));

        // Forward replaces what the loss left, so backward needs a new ComputeLoss.
        _net.Forward(_input, 2, _workspace);
        Assert.Contains("call ComputeLoss", Assert.Throws<InvalidOperationException>(() => _net.Backward(_input, _labels, 2, _workspace)).Message, StringComparison.Ordinal);

        _net.ComputeLoss(_input, _labels, 2, _workspace);
        Unchanged(() => _net.Backward(_input[..5], _labels, 2, _workspace), "input", null);
    }

    [Fact]
    public void A_network_with_a_step_layer_refuses_every_gradient_entry_point_and_says_why()
    {
        using Network step = new NetworkBuilder(3).Dense(3, Activation.Step).Dense(3).Build(2);
        using Workspace workspace = step.CreateWorkspace(2);
        Assert.False(step.IsTrainable);
        Assert.True(_net.IsTrainable);
        const string Why = "Step layer, which has no gradient";
        Assert.Contains(Why, Assert.Throws<InvalidOperationException>(() => step.ComputeGradients(_input, _labels, 2, workspace)).Message, StringComparison.Ordinal);
        Assert.Contains(Why, Assert.Throws<InvalidOperationException>(() => step.ComputeGradients(_input, _targets, 2, workspace)).Message, StringComparison.Ordinal);
        step.ComputeLoss(_input, _labels, 2, workspace);
        Assert.Contains(Why, Assert.Throws<InvalidOperationException>(() => step.Backward(_input, _labels, 2, workspace)).Message, StringComparison.Ordinal);
        Assert.True(step.Parameters.Gradients.ToArray().AsSpan().IndexOfAnyExcept(0f) < 0, "a refused step wrote gradients");
    }

    [Fact]
    public void Weights_and_biases_are_set_only_from_finite_values_of_the_right_length_on_dense_layers()
    {
        Unchanged(() => _net.SetWeights(0, new float[11]), "weights", null);
        Unchanged(() => _net.SetWeights(0, WithNaN(12)), "weights", "NaN");
        Unchanged(() => _net.SetBiases(0, new float[3]), "biases", null);
        Unchanged(() => _net.SetBiases(0, WithNaN(4)), "biases", "NaN");
        Unchanged(() => _net.SetWeights(1, new float[1]), "layer", "Layer 1 is Relu, not Dense.");
        Unchanged(() => _net.SetBiases(2, new float[3]), "layer", "Layer 2 is a dense layer without bias.");
        Unchanged(() => _net.SetWeights(3, new float[1]), "layer", "layer 3 is outside [0, 3).");
        Unchanged(() => _net.SetBiases(5, new float[3]), "layer", "layer 5 is outside [0, 3).");
        Unchanged(() => _net.LayerParameters(-1).ToArray(), "layer", "layer -1 is outside [0, 3).");
        Unchanged(() => _net.LayerGradients(3).ToArray(), "layer", "layer 3 is outside [0, 3).");

        float[] weights = new float[12];
        weights[5] = 0.5f;
        _net.SetWeights(0, weights);
        _net.SetBiases(0, [1f, 2f, 3f, 4f]);
        Assert.Equal(weights, _net.Weights(0).ToArray());
        Assert.Equal([1f, 2f, 3f, 4f], _net.Biases(0).ToArray());
        Assert.Equal(weights, _net.LayerParameters(0)[..12].ToArray());
    }

    [Fact]
    public void Compute_gradients_replaces_the_gradients_rather_than_adding_to_them()
    {
        float first = _net.ComputeGradients(_input, _labels, 2, _workspace);
        float[] once = _net.Parameters.Gradients.ToArray();
        Assert.True(once.AsSpan().IndexOfAnyExcept(0f) >= 0, "no gradient was computed");
        float second = _net.ComputeGradients(_input, _labels, 2, _workspace);
        Assert.Equal(first, second);
        Assert.Equal(once, _net.Parameters.Gradients.ToArray());
        Assert.Equal(once[12..16], _net.LayerGradients(0)[12..16].ToArray());
    }

    [Fact]
    public void Backward_against_target_rows_adds_the_gradients_of_compute_gradients()
    {
        float loss = _net.ComputeGradients(_input, _targets, 2, _workspace);
        float[] expected = _net.Parameters.Gradients.ToArray();
        _net.Parameters.ZeroGradients();
        Assert.Equal(loss, _net.ComputeLoss(_input, _targets, 2, _workspace));
        _net.Backward(_input, _targets, 2, _workspace);
        Assert.Equal(expected, _net.Parameters.Gradients.ToArray());
        _net.ComputeLoss(_input, _targets, 2, _workspace);
        _net.Backward(_input, _targets, 2, _workspace);
        float[] doubled = _net.Parameters.Gradients.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(2f * expected[i], doubled[i]);
        }
    }

    private static float[] Filled(int length)
    {
        float[] values = new float[length];
        Array.Fill(values, Sentinel);
        return values;
    }

    private static float[] WithNaN(int length)
    {
        float[] values = new float[length];
        values[length - 1] = float.NaN;
        return values;
    }

    private void Unchanged(Action call, string parameter, string? fragment) => Unchanged(_net, call, parameter, fragment);

    /// <summary>The call throws an ArgumentException (or a subclass) naming <paramref name="parameter"/>, and the network's state is untouched.</summary>
    private static void Unchanged(Network network, Action call, string parameter, string? fragment)
    {
        network.Parameters.Gradients.Fill(0.125f);
        float[] values = network.Parameters.Values.ToArray();
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, error.ParamName);
        if (fragment is not null)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(values, network.Parameters.Values.ToArray());
        Assert.All(network.Parameters.Gradients.ToArray(), gradient => Assert.Equal(0.125f, gradient));
        network.Parameters.ZeroGradients();
    }
}
