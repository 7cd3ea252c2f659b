using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FsCheck.Xunit;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.Networks;

/// <summary>
/// <see cref="NetworkBuilder.InitializeWith"/>: PyTorch's uniform default draws every dense weight and bias within
/// ±1/√fan-in with the uniform distribution's moments, the default keeps the bits earlier versions drew, the same seed
/// gives the same bits under either scheme, and layers without dense weights keep their own starting values.
/// </summary>
public class WeightInitTests
{
    // A sample mean (or mean square) of n independent draws lies within 5 of its standard errors of the true value
    // except with probability 6e-7; the seeds below are fixed, so a pass is a pass every run.
    private const double StandardErrors = 5;

    /// <summary>
    /// SHA-256 of the parameter block of <see cref="Mixed"/> built with the default initialisation at seed 7, as the
    /// builder drew it before <see cref="WeightInit"/> existed (main at beeace0, before this option): every trained
    /// model and recorded result depends on these bits.
    /// </summary>
    private const string DefaultBitsBeforeTheOption = "16F2FA416708F741697707CD5EABEF4A162724AA89543C689F5D59852D34EA3E";

    [Fact]
    public void The_default_draws_the_same_bits_as_before_the_option_existed()
    {
        using Network implicitDefault = Mixed(new NetworkBuilder(5)).Build(seed: 7);
        using Network explicitDefault = Mixed(new NetworkBuilder(5).InitializeWith(WeightInit.HeNormal)).Build(seed: 7);
        Assert.Equal(DefaultBitsBeforeTheOption, Sha256(implicitDefault));
        Assert.Equal(DefaultBitsBeforeTheOption, Sha256(explicitDefault));
    }

    [Property(MaxTest = 60)]
    public void Uniform_weights_and_biases_lie_within_one_over_root_fan_in(byte inputsDraw, byte outputsDraw, int seed)
    {
        int inputs = (inputsDraw % 40) + 1, outputs = (outputsDraw % 40) + 1;
        using Network network = new NetworkBuilder(inputs).InitializeWith(WeightInit.Uniform).Dense(outputs, Activation.Relu).Dense(3).Build(seed);
        AssertWithinBound(network.Weights(0), inputs);
        AssertWithinBound(network.Biases(0), inputs);
        AssertWithinBound(network.Weights(2), outputs);
        AssertWithinBound(network.Biases(2), outputs);
    }

    [Property(MaxTest = 30)]
    public void The_same_seed_gives_the_same_bits_under_either_scheme(byte widthDraw, int seed)
    {
        int width = (widthDraw % 30) + 1;
        foreach (WeightInit scheme in (WeightInit[])[WeightInit.HeNormal, WeightInit.Uniform])
        {
            using Network first = Mixed(new NetworkBuilder(width).InitializeWith(scheme)).Build(seed);
            using Network second = Mixed(new NetworkBuilder(width).InitializeWith(scheme)).Build(seed);
            Assert.True(first.Parameters.Values.SequenceEqual(second.Parameters.Values), $"{scheme}, seed {seed}");
        }
    }

    [Fact]
    public void Another_seed_or_another_scheme_draws_other_weights()
    {
        using Network uniform = Mixed(new NetworkBuilder(5).InitializeWith(WeightInit.Uniform)).Build(seed: 7);
        using Network otherSeed = Mixed(new NetworkBuilder(5).InitializeWith(WeightInit.Uniform)).Build(seed: 8);
        using Network normal = Mixed(new NetworkBuilder(5)).Build(seed: 7);
        Assert.False(uniform.Parameters.Values.SequenceEqual(otherSeed.Parameters.Values));
        Assert.False(uniform.Parameters.Values.SequenceEqual(normal.Parameters.Values));
    }

    [Fact]
    public void Uniform_draws_have_the_mean_and_variance_of_the_uniform_distribution()
    {
        // 300 × 200 weights: U(−b, b) has mean 0 with standard deviation b/√3 per draw, and E[w²] = b²/3 with
        // Var(w²) = E[w⁴] − E[w²]² = b⁴/5 − b⁴/9 = 4b⁴/45. The 200 biases are checked the same way, more loosely by √n.
        const int Inputs = 300, Outputs = 200;
        using Network network = new NetworkBuilder(Inputs).InitializeWith(WeightInit.Uniform).Dense(Outputs).Build(seed: 11);
        double bound = 1 / Math.Sqrt(Inputs);
        AssertMoments(network.Weights(0), mean: 0, meanSd: bound / Math.Sqrt(3), meanSquare: bound * bound / 3, meanSquareSd: Math.Sqrt(4.0 / 45) * bound * bound);
        AssertMoments(network.Biases(0), mean: 0, meanSd: bound / Math.Sqrt(3), meanSquare: bound * bound / 3, meanSquareSd: Math.Sqrt(4.0 / 45) * bound * bound);
        Assert.True(Math.Abs(network.Biases(0)[0]) > 0 || Math.Abs(network.Biases(0)[1]) > 0, "the biases are drawn, not left at 0");
    }

    [Fact]
    public void He_normal_draws_have_the_scale_of_the_activation_gain_and_zero_biases()
    {
        // N(0, σ²) has mean 0 with standard deviation σ per draw, and E[w²] = σ² with Var(w²) = 2σ⁴. σ² is 2/fan-in
        // before a ReLU (He) and 1/fan-in before nothing.
        const int Inputs = 300, Hidden = 200, Outputs = 100;
        using Network network = new NetworkBuilder(Inputs).Dense(Hidden, Activation.Relu).Dense(Outputs).Build(seed: 11);
        double reluVariance = 2.0 / Inputs, linearVariance = 1.0 / Hidden;
        AssertMoments(network.Weights(0), 0, Math.Sqrt(reluVariance), reluVariance, Math.Sqrt(2) * reluVariance);
        AssertMoments(network.Weights(2), 0, Math.Sqrt(linearVariance), linearVariance, Math.Sqrt(2) * linearVariance);
        Assert.True(network.Biases(0).IndexOfAnyExcept(0f) < 0 && network.Biases(2).IndexOfAnyExcept(0f) < 0, "He-normal biases start at 0");
    }

    [Fact]
    public void A_dense_layer_inside_a_residual_block_takes_the_network_scheme()
    {
        const int Width = 9;
        using Network network = new NetworkBuilder(Width)
            .InitializeWith(WeightInit.Uniform)
            .Residual(inner => inner.Dense(16, Activation.Relu).Dense(Width))
            .Build(seed: 3);
        // The block's parameters: Dense 9→16 (144 weights, 16 biases), then Dense 16→9 (144 weights, 9 biases).
        Span<float> block = network.LayerParameters(0);
        AssertWithinBound(block[..144], Width);
        AssertWithinBound(block.Slice(144, 16), Width);
        AssertWithinBound(block.Slice(160, 144), 16);
        AssertWithinBound(block.Slice(304, 9), 16);
        Assert.True(block.Slice(144, 16).IndexOfAnyExcept(0f) >= 0, "the inner biases are drawn");
        Assert.True(block.Slice(304, 9).IndexOfAnyExcept(0f) >= 0, "the inner biases are drawn");

        // The inner builder's own choice does not count: the network's scheme applies.
        using Network innerChoice = new NetworkBuilder(Width)
            .InitializeWith(WeightInit.Uniform)
            .Residual(inner => inner.InitializeWith(WeightInit.HeNormal).Dense(16, Activation.Relu).Dense(Width))
            .Build(seed: 3);
        Assert.True(network.Parameters.Values.SequenceEqual(innerChoice.Parameters.Values));
    }

    [Fact]
    public void Layers_without_dense_weights_keep_their_own_starting_values_under_uniform()
    {
        const int Width = 6;
        using Network network = new NetworkBuilder(4)
            .InitializeWith(WeightInit.Uniform)
            .Dense(Width)
            .BatchNorm()
            .PRelu()
            .LayerNorm()
            .Dense(2)
            .Build(seed: 5);
        Assert.Equal(LayerKind.BatchNorm, network.Layers[1].Kind);
        AssertAll(network.LayerParameters(1)[..Width], 1f, "BatchNorm γ");
        AssertAll(network.LayerParameters(1)[Width..], 0f, "BatchNorm β");
        AssertAll(network.LayerState(1)[..Width], 0f, "BatchNorm running mean");
        AssertAll(network.LayerState(1)[Width..], 1f, "BatchNorm running variance");
        Assert.Equal(LayerKind.PRelu, network.Layers[2].Kind);
        AssertAll(network.LayerParameters(2), 0.25f, "PReLU slope");
        Assert.Equal(LayerKind.LayerNorm, network.Layers[3].Kind);
        AssertAll(network.LayerParameters(3)[..Width], 1f, "LayerNorm γ");
        AssertAll(network.LayerParameters(3)[Width..], 0f, "LayerNorm β");
        AssertWithinBound(network.Weights(4), Width);
        AssertWithinBound(network.Biases(4), Width);
    }

    [Fact]
    public void An_unnamed_scheme_is_refused()
    {
        var builder = new NetworkBuilder(3);
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.InitializeWith((WeightInit)7));
        Assert.Equal("scheme", error.ParamName);
    }

    /// <summary>Dense 5→7 ReLU, a residual block (Dense 7 tanh, Dense 7), Dense 3: He and Xavier scales and a block's children.</summary>
    private static NetworkBuilder Mixed(NetworkBuilder builder) =>
        builder.Dense(7, Activation.Relu).Residual(inner => inner.Dense(7, Activation.Tanh).Dense(7)).Dense(3);

    private static string Sha256(Network network) => Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(network.Parameters.Values)));

    private static void AssertWithinBound(ReadOnlySpan<float> values, int fanIn)
    {
        // The bound rounded to float is the largest a draw from [−b, b) can round to.
        float bound = (float)(1 / Math.Sqrt(fanIn));
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i]) <= bound, $"value {i} is {values[i]}, outside ±{bound} (fan-in {fanIn})");
        }
    }

    private static void AssertMoments(ReadOnlySpan<float> values, double mean, double meanSd, double meanSquare, double meanSquareSd)
    {
        double sum = 0, sumSquares = 0;
        foreach (float value in values)
        {
            sum += value;
            sumSquares += (double)value * value;
        }

        double root = Math.Sqrt(values.Length);
        double sampleMean = sum / values.Length, sampleMeanSquare = sumSquares / values.Length;
        Assert.True(Math.Abs(sampleMean - mean) <= StandardErrors * meanSd / root, $"mean {sampleMean}, expected {mean} ± {StandardErrors * meanSd / root}");
        Assert.True(
            Math.Abs(sampleMeanSquare - meanSquare) <= StandardErrors * meanSquareSd / root,
            $"mean square {sampleMeanSquare}, expected {meanSquare} ± {StandardErrors * meanSquareSd / root}");
    }

    private static void AssertAll(ReadOnlySpan<float> values, float expected, string what)
    {
        Assert.True(values.Length > 0, what);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(values[i] == expected, $"{what} {i} is {values[i]}, expected {expected}");
        }
    }
}
