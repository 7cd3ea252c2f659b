using System;
using System.Linq;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using Xunit;

namespace SpanNet.Tests.Layers;

/// <summary>What each new layer computes, against numbers worked out here from PyTorch's documented conventions.</summary>
public class LayerSemanticsTests
{
    [Fact]
    public void Batch_norm_trains_on_batch_statistics_and_updates_running_ones_as_pytorch_does()
    {
        // One feature, batch {1, 2, 3, 6}: mean 3, biased variance 3.5, unbiased 14/3.
        using Network network = new NetworkBuilder(1).BatchNorm().Loss(new SquaredErrorLoss()).Build(1);
        using Workspace workspace = network.CreateWorkspace(4);
        float[] x = [1f, 2f, 3f, 6f];
        network.ComputeLoss(x, new float[4], 4, workspace);
        float[] y = workspace.Output(0, 4).ToArray();
        for (int i = 0; i < 4; i++)
        {
            AssertNear((x[i] - 3) / Math.Sqrt(3.5 + 1e-5), y[i]);
        }

        Span<float> state = network.LayerState(0);
        AssertNear(0.1f * 3f, state[0]);                          // running mean: 0.9 · 0 + 0.1 · 3
        AssertNear((0.9f * 1f) + (0.1f * 14f / 3f), state[1]);    // running variance: 0.9 · 1 + 0.1 · 14/3
    }

    [Fact]
    public void Batch_norm_predicts_with_its_running_statistics_and_gamma_and_beta()
    {
        using Network network = new NetworkBuilder(2).BatchNorm(epsilon: 0.5f).Build(1);
        float[] runningMean = [1f, -2f], runningVariance = [3.5f, 0.5f], gamma = [2f, 0.5f], beta = [0.25f, -1f];
        runningMean.CopyTo(network.LayerState(0));
        runningVariance.CopyTo(network.LayerState(0)[2..]);
        gamma.CopyTo(network.LayerParameters(0));
        beta.CopyTo(network.LayerParameters(0)[2..]);
        using Workspace workspace = network.CreateWorkspace(1);
        float[] y = network.Forward([3f, 0f], 1, workspace).ToArray();
        AssertNear((2 * (3 - 1) / Math.Sqrt(4)) + 0.25, y[0]);
        AssertNear((0.5 * (0 + 2) / Math.Sqrt(1)) - 1, y[1]);
    }

    [Fact]
    public void Layer_norm_normalises_each_row_by_its_own_mean_and_biased_variance()
    {
        using Network network = new NetworkBuilder(4).LayerNorm().Build(1);
        using Workspace workspace = network.CreateWorkspace(2);
        float[] x = [1f, 2f, 3f, 6f, -1f, -1f, 1f, 1f];
        float[] y = network.Forward(x, 2, workspace).ToArray();
        double[] first = [1, 2, 3, 6];
        for (int j = 0; j < 4; j++)
        {
            AssertNear((first[j] - 3) / Math.Sqrt(3.5 + 1e-5), y[j]);
            AssertNear(x[4 + j] / Math.Sqrt(1 + 1e-5), y[4 + j]);
        }
    }

    [Fact]
    public void Dropout_zeroes_about_p_scales_the_rest_and_is_the_identity_at_inference()
    {
        const int Width = 1000, Rows = 10;
        using Network network = new NetworkBuilder(Width).Dropout(0.3f).Loss(new SquaredErrorLoss()).Build(5);
        using Workspace workspace = network.CreateWorkspace(Rows);
        float[] x = Enumerable.Repeat(2f, Width * Rows).ToArray();
        network.ComputeLoss(x, new float[Width * Rows], Rows, workspace);
        float[] trained = workspace.Output(0, Rows).ToArray();
        int zeros = trained.Count(v => v == 0f);

        // 10,000 draws of p = 0.3: mean 3000, standard deviation 46; four of them either side.
        Assert.InRange(zeros, 3000 - 184, 3000 + 184);
        Assert.All(trained.Where(v => v != 0f), v => AssertNear(2.0 / 0.7, v));
        Assert.Equal(x, network.Forward(x, Rows, workspace).ToArray());
    }

    [Fact]
    public void Dropout_masks_repeat_with_the_seed_and_change_from_pass_to_pass()
    {
        float[] Masks(int seed)
        {
            using Network network = new NetworkBuilder(64).Dropout(0.5f).Loss(new SquaredErrorLoss()).Build(seed);
            using Workspace workspace = network.CreateWorkspace(2);
            float[] x = Enumerable.Repeat(1f, 128).ToArray();
            network.ComputeLoss(x, new float[128], 2, workspace);
            float[] first = workspace.Output(0, 2).ToArray();
            network.ComputeLoss(x, new float[128], 2, workspace);
            return [.. first, .. workspace.Output(0, 2).ToArray()];
        }

        float[] a = Masks(9);
        Assert.Equal(a, Masks(9));
        Assert.NotEqual(a, Masks(10));
        Assert.NotEqual(a[..128], a[128..]);
    }

    [Fact]
    public void A_residual_block_adds_its_input_to_its_chain_and_then_applies_its_activation()
    {
        using Network block = new NetworkBuilder(3).Residual(b => b.Dense(3), Activation.Relu).Build(4);
        using Network chain = new NetworkBuilder(3).Dense(3).Build(4);
        block.LayerParameters(0).CopyTo(chain.LayerParameters(0));
        float[] x = RandomValues.Uniform(6, 5, 2f);
        using Workspace a = block.CreateWorkspace(2), b = chain.CreateWorkspace(2);
        float[] y = block.Forward(x, 2, a).ToArray();
        float[] f = chain.Forward(x, 2, b).ToArray();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(Math.Max(0f, x[i] + f[i]), y[i]);
        }
    }

    [Fact]
    public void A_standardisation_divides_in_its_own_form_and_a_fixed_affine_map_multiplies()
    {
        using Network standardize = new NetworkBuilder(2).Standardize([1f, -3f], [4f, 0.5f]).Build(1);
        using Network affine = new NetworkBuilder(2).Affine([4f, 0.5f], [1f, -3f]).Build(1);
        using Workspace a = standardize.CreateWorkspace(1), b = affine.CreateWorkspace(1);
        Assert.Equal([(7f - 1f) / 4f, (2f + 3f) / 0.5f], standardize.Forward([7f, 2f], 1, a).ToArray());
        Assert.Equal([(7f * 4f) + 1f, (2f * 0.5f) - 3f], affine.Forward([7f, 2f], 1, b).ToArray());
        Assert.Equal(0, standardize.Parameters.Length);
    }

    [Fact]
    public void PRelu_learns_one_slope_per_feature_starting_at_a_quarter()
    {
        using Network network = new NetworkBuilder(3).PRelu().Loss(new SquaredErrorLoss()).Build(1);
        Assert.Equal([0.25f, 0.25f, 0.25f], network.Parameters.Values.ToArray());
        using Workspace workspace = network.CreateWorkspace(1);
        Assert.Equal([-0.5f, 3f, -0.25f], network.Forward([-2f, 3f, -1f], 1, workspace).ToArray());
    }

    [Fact]
    public void The_builder_refuses_impossible_layers_naming_the_argument()
    {
        var builder = new NetworkBuilder(3);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dropout(1f)).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dropout(float.NaN)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.BatchNorm(epsilon: 0f));
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => builder.BatchNorm(momentum: 1.5f)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.LayerNorm(epsilon: float.PositiveInfinity));
        Assert.Contains("must end at its width 3", Assert.Throws<ArgumentException>(() => builder.Residual(b => b.Dense(4))).Message, StringComparison.Ordinal);
        Assert.Contains("at least one inner layer", Assert.Throws<ArgumentException>(() => builder.Residual(_ => { })).Message, StringComparison.Ordinal);
        Assert.Contains("do not nest", Assert.Throws<ArgumentException>(() => builder.Residual(b => b.Residual(c => c.Dense(3)))).Message, StringComparison.Ordinal);
        Assert.Contains("feature 1", Assert.Throws<ArgumentException>(() => builder.Standardize([0f, 0f, 0f], [1f, 0f, 1f])).Message, StringComparison.Ordinal);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => builder.Standardize([0f, 0f], [1f, 1f, 1f])).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentException>(() => builder.Affine([1f, 1f, 1f], [0f, float.NaN, 0f])).ParamName);
        Assert.Contains("at least", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(3, Activation.Clip, alpha: 1f, beta: 0f)).Message, StringComparison.Ordinal);
        Assert.Contains("softplus (its threshold)", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(3, Activation.Softplus, beta: float.NaN)).Message, StringComparison.Ordinal);

        // Nothing was added by the refused calls.
        Assert.Equal(3, builder.Dense(3).Build(1).Outputs);
    }

    /// <summary>Within 1e-6 relative to max(1, |expected|): a few float roundings of values near 1.</summary>
    private static void AssertNear(double expected, float actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{actual} is not {expected}");
}
