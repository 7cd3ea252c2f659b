using System;
using SpanNet.Kernels;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>
/// The public kernel methods themselves (not the forced-width internals the properties call), on lengths that span
/// several vectors of every width plus a ragged end, against plain references; and the edge cases that mutation
/// testing found unguarded (issue #11): Step's forward body, the upper clamp of binary cross-entropy, the vector part
/// of the softmax row maximum, and the <c>rows &gt; 0 &amp;&amp; columns == 0</c> checks.
/// </summary>
public sealed class PublicKernelEntryPoints
{
    private const int Length = 37;

    [Fact]
    public void Step_forward_is_one_above_zero_and_zero_elsewhere()
    {
        float[] x = Values(Length, seed: 1);
        x[3] = 0f;
        x[4] = -0f;
        x[5] = float.Epsilon;
        var y = new float[Length];
        y.AsSpan().Fill(7f);
        Activations.Step(x, y);
        for (int i = 0; i < Length; i++)
        {
            Assert.Equal((float)NaiveKernels.Step(x[i]), y[i]);
        }

        Activations.Step(x, x);
        Assert.Equal(y, x);
    }

    [Fact]
    public void Forward_activations_match_their_definitions()
    {
        float[] x = Values(Length, seed: 12);
        var y = new float[Length];
        Activations.Relu(x, y);
        AssertEach(i => NaiveKernels.Relu(x[i]), y, 0);
        Activations.LeakyRelu(x, 0.25f, y);
        AssertEach(i => NaiveKernels.LeakyRelu(x[i], 0.25), y, 1e-7);
        Activations.Sigmoid(x, y);
        AssertEach(i => NaiveKernels.Sigmoid(x[i]), y, 2 * Activations.SigmoidMaxRelativeError);
        Activations.Tanh(x, y);
        AssertEach(i => Math.Tanh(x[i]), y, 2 * Activations.TanhMaxRelativeError);
    }

    [Fact]
    public void Fused_softmax_cross_entropy_weights_the_normaliser_by_the_target_mass()
    {
        // Targets that do not sum to one (label smoothing gone wrong, or a partial batch) scale log Σ by their mass.
        float[] logits = [1f, 2f, 0.5f, -1f, 3f, 0f];
        float[] targets = [0.5f, 0.25f, 0f, 2f, 0f, 1f];
        double expected = 0;
        for (int i = 0; i < 2; i++)
        {
            double lse = NaiveKernels.LogSumExp(logits.AsSpan(i * 3, 3));
            for (int j = 0; j < 3; j++)
            {
                expected += targets[(i * 3) + j] * (lse - logits[(i * 3) + j]);
            }
        }

        Assert.Equal(expected / 2, Losses.SoftmaxCrossEntropy(logits, targets, new float[6], 2, 3), 1e-5);
    }

    [Fact]
    public void Backward_passes_match_their_derivatives()
    {
        float[] dOutput = Values(Length, seed: 2);
        float[] preActivation = Values(Length, seed: 3);
        var output = new float[Length];
        var dInput = new float[Length];

        Activations.Relu(preActivation, output);
        Activations.ReluBackward(dOutput, output, dInput);
        AssertEach(i => output[i] > 0 ? dOutput[i] : 0, dInput, 0);

        Activations.LeakyRelu(preActivation, 0.25f, output);
        Activations.LeakyReluBackward(dOutput, output, 0.25f, dInput);
        AssertEach(i => output[i] > 0 ? dOutput[i] : 0.25 * dOutput[i], dInput, 1e-7);

        Activations.Sigmoid(preActivation, output);
        Activations.SigmoidBackward(dOutput, output, dInput);
        AssertEach(i => dOutput[i] * output[i] * (1.0 - output[i]), dInput, 1e-6);

        Activations.Tanh(preActivation, output);
        Activations.TanhBackward(dOutput, output, dInput);
        AssertEach(i => dOutput[i] * (1.0 - (output[i] * (double)output[i])), dInput, 1e-6);
    }

    [Fact]
    public void Bias_adds_to_every_row_and_accumulates_the_column_sums()
    {
        const int Rows = 3;
        float[] bias = Values(Length, seed: 4);
        float[] matrix = Values(Rows * Length, seed: 5);
        float[] original = (float[])matrix.Clone();
        Bias.AddToRows(bias, matrix, Rows, Length);
        AssertEach(i => original[i] + (double)bias[i % Length], matrix, 1e-6);

        float[] dBias = Values(Length, seed: 6);
        float[] start = (float[])dBias.Clone();
        Bias.AccumulateGradient(original, dBias, Rows, Length);
        AssertEach(j => start[j] + (double)original[j] + original[Length + j] + original[(2 * Length) + j], dBias, 1e-5);
    }

    [Fact]
    public void Reductions_match_plain_loops()
    {
        float[] x = Values(Length, seed: 7);
        float[] y = Values(Length, seed: 8);
        double sum = 0, dot = 0;
        for (int i = 0; i < Length; i++)
        {
            sum += x[i];
            dot += (double)x[i] * y[i];
        }

        Assert.Equal(sum, Reductions.Sum(x), 1e-5);
        Assert.Equal(dot, Reductions.Dot(x, y), 1e-5);

        // The maximum in the first vector, far from the last (overlapping) one, so the vector loop must find it.
        x[1] = 50f;
        Assert.Equal(50f, Reductions.Max(x));
        x[Length - 1] = 60f;
        Assert.Equal(60f, Reductions.Max(x));

        x[2] = 0f;
        x[9] = 0f;
        int zeros = 0;
        foreach (float v in x)
        {
            zeros += v == 0f ? 1 : 0;
        }

        Assert.Equal((Length - zeros) / (float)Length, Reductions.NonZeroFraction(x));
        Assert.Equal(0f, Reductions.NonZeroFraction([]));

        var indices = new int[3];
        float[] rows = new float[3 * Length];
        rows[5] = 1f;
        rows[Length + 36] = 2f;
        rows[(2 * Length) + 17] = -1f;
        Reductions.ArgMaxRows(rows, indices, 3, Length);
        Assert.Equal([5, 36, 0], indices);
    }

    [Fact]
    public void Parameter_updates_match_the_reference_rules()
    {
        float[] g = Values(Length, seed: 9);
        float[] w0 = Values(Length, seed: 10);

        float[] w = (float[])w0.Clone();
        double[] expected = Array.ConvertAll(w0, v => (double)v);
        ParameterUpdates.Sgd(w, g, 0.1f);
        NaiveOptimizers.Sgd(expected, g, 0.1);
        AssertEach(i => expected[i], w, 1e-6);

        w = (float[])w0.Clone();
        expected = Array.ConvertAll(w0, v => (double)v);
        var state = new float[Length];
        var naiveState = new double[Length];
        for (int step = 0; step < 2; step++)
        {
            ParameterUpdates.Momentum(w, g, state, 0.1f, 0.9f);
            NaiveOptimizers.Momentum(expected, g, naiveState, 0.1, 0.9);
        }

        AssertEach(i => expected[i], w, 1e-6);

        w = (float[])w0.Clone();
        expected = Array.ConvertAll(w0, v => (double)v);
        state = new float[Length];
        naiveState = new double[Length];
        ParameterUpdates.Adagrad(w, g, state, 0.01f, 1e-6f);
        NaiveOptimizers.Adagrad(expected, g, naiveState, 0.01, 1e-6);
        AssertEach(i => expected[i], w, 1e-5);

        w = (float[])w0.Clone();
        expected = Array.ConvertAll(w0, v => (double)v);
        state = new float[Length];
        naiveState = new double[Length];
        ParameterUpdates.RmsProp(w, g, state, 0.001f, 0.9f, 1e-6f);
        NaiveOptimizers.RmsProp(expected, g, naiveState, 0.001, 0.9, 1e-6);
        AssertEach(i => expected[i], w, 1e-5);

        w = (float[])w0.Clone();
        expected = Array.ConvertAll(w0, v => (double)v);
        var second = new float[Length];
        state = new float[Length];
        naiveState = new double[Length];
        var naiveSecond = new double[Length];
        for (int step = 1; step <= 2; step++)
        {
            ParameterUpdates.Adam(w, g, state, second, 0.001f, 0.9f, 0.999f, 1e-7f, step);
            NaiveOptimizers.Adam(expected, g, naiveState, naiveSecond, 0.001, 0.9, 0.999, 1e-7, step);
        }

        AssertEach(i => expected[i], w, 1e-5);
    }

    [Fact]
    public void Epsilon_counts_where_the_gradients_are_as_small_as_it_is()
    {
        // Gradients of the size of ε: the square root of Adam's (or RMSprop's, Adagrad's) second moment equals ε,
        // so ε is half of every denominator, and the sign it is added with decides the step.
        float[] g = Array.ConvertAll(Values(Length, seed: 11), v => v * 1e-7f);
        float[] w0 = Values(Length, seed: 12);
        float[] w = (float[])w0.Clone();
        double[] expected = Array.ConvertAll(w0, v => (double)v);
        ParameterUpdates.Adam(w, g, new float[Length], new float[Length], 0.001f, 0.9f, 0.999f, 1e-7f, 1);
        NaiveOptimizers.Adam(expected, g, new double[Length], new double[Length], 0.001, 0.9, 0.999, 1e-7, 1);
        AssertEach(i => expected[i], w, 1e-5);

        w = (float[])w0.Clone();
        expected = Array.ConvertAll(w0, v => (double)v);
        ParameterUpdates.RmsProp(w, g, new float[Length], 0.001f, 0.9f, 1e-7f);
        NaiveOptimizers.RmsProp(expected, g, new double[Length], 0.001, 0.9, 1e-7);
        AssertEach(i => expected[i], w, 1e-5);
    }

    [Fact]
    public void Binary_cross_entropy_clamps_a_certain_wrong_answer_to_a_finite_loss_and_gradient()
    {
        // p = 1 where t = 0: without the upper clamp 1 − floor, log(1 − p) is −∞.
        double clamped = 1f - Losses.ProbabilityFloor;
        Assert.Equal(-Math.Log(1 - clamped), Losses.BinaryCrossEntropy([1f], [0f], 1, 1), 1e-3);
        Assert.Equal(-Math.Log(Losses.ProbabilityFloor), Losses.BinaryCrossEntropy([0f], [1f], 1, 1), 1e-3);
        var dP = new float[1];
        Losses.BinaryCrossEntropyGradient([1f], [0f], dP, 1, 1);
        Assert.True(float.IsFinite(dP[0]) && dP[0] > 0, $"{dP[0]}");
    }

    [Theory]
    [InlineData(33)]
    [InlineData(40)]
    [InlineData(64)]
    [InlineData(100)]
    public void Softmax_finds_a_row_maximum_far_from_the_last_vector(int columns)
    {
        // Every other logit is 2e4 below the maximum: a shift by any other value overflows or underflows exp.
        float[] x = new float[columns];
        x.AsSpan().Fill(-1e4f);
        x[0] = 1e4f;
        var y = new float[columns];
        Softmax.Rows(x, y, 1, columns);
        Assert.Equal(1f, y[0]);
        Assert.All(y[1..], v => Assert.Equal(0f, v));

        Softmax.LogRows(x, y, 1, columns);
        Assert.Equal(0f, y[0]);
        Assert.All(y[1..], v => Assert.Equal(-2e4f, v, 1f));

        float loss = Losses.SoftmaxCrossEntropy(x, [0], new float[columns], 1, columns);
        Assert.Equal(0f, loss, 1e-6f);

        // And in a middle vector, neither the first nor the overlapping last one.
        x[0] = -1e4f;
        x[columns / 2] = 1e4f;
        Softmax.Rows(x, y, 1, columns);
        Assert.Equal(1f, y[columns / 2]);
        Assert.Equal(0f, y[0]);
        Assert.Equal(1e4f, Reductions.Max(x));
    }

    [Fact]
    public void No_rows_with_no_columns_is_an_empty_batch_but_a_row_with_no_columns_is_an_error()
    {
        Softmax.Rows([], [], 0, 0);
        Softmax.LogRows([], [], 0, 0);
        Reductions.ArgMaxRows([], [], 0, 0);
        Assert.Equal(0f, Losses.SoftmaxCrossEntropy([], ReadOnlySpan<float>.Empty, [], 0, 0));
        Assert.Equal(0f, Losses.SoftmaxCrossEntropy([], ReadOnlySpan<int>.Empty, [], 0, 0));
        Losses.SoftmaxCrossEntropyGradient([], ReadOnlySpan<int>.Empty, [], 0, 0);

        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.Rows([], [], 1, 0)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.LogRows([], [], 1, 0)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Reductions.ArgMaxRows([], new int[1], 1, 0)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy([], ReadOnlySpan<float>.Empty, [], 1, 0)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy([], [0], [], 1, 0)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropyGradient([], [0], [], 1, 0)).ParamName);
    }

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 6) - 3);
        }

        return values;
    }

    private static void AssertEach(Func<int, double> expected, float[] actual, double relative)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            double e = expected(i);
            Assert.True(Math.Abs(actual[i] - e) <= relative * Math.Max(1, Math.Abs(e)), $"element {i}: {actual[i]} vs {e}");
        }
    }
}
