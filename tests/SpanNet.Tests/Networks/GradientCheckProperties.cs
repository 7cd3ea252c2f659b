using System;
using System.Collections.Generic;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Training;
using Xunit;

namespace SpanNet.Tests.Networks;

/// <summary>A random small architecture: hidden widths, one activation, one loss, a batch and a seed.</summary>
public sealed record ArchitectureCase(int[] Hidden, Activation Activation, LossKind Loss, int Inputs, int Outputs, int Batch, int Seed)
{
    public override string ToString() => $"{Inputs}-{string.Join('-', Hidden)}-{Outputs} {Activation} {Loss} batch {Batch} seed {Seed}";
}

public static class ArchitectureArbitraries
{
    public static Arbitrary<ArchitectureCase> Architectures()
    {
        Gen<int> width = Gen.Choose(1, 40);
        Gen<ArchitectureCase> gen =
            from depth in Gen.Choose(0, 3)
            from hidden in Gen.ArrayOf(width, depth)
            from activation in Gen.Elements(Activation.Relu, Activation.LeakyRelu, Activation.Sigmoid, Activation.Tanh, Activation.Elu)
            from loss in Gen.Elements(LossKind.SoftmaxCrossEntropy, LossKind.CrossEntropy, LossKind.MeanSquaredError, LossKind.HalfSumSquaredError, LossKind.BinaryCrossEntropy)
            from inputs in Gen.Choose(1, 12)
            from outputs in Gen.Choose(2, 6)
            from batch in Gen.Choose(1, 5)
            from seed in Gen.Choose(0, 10_000)
            select new ArchitectureCase(hidden, activation, loss, inputs, outputs, batch, seed);
        return gen.ToArbitrary();
    }
}

public class GradientCheckProperties
{
    // The numerical side is computed in double (GradientCheck's remarks), so what is left is the float analytic
    // gradient's rounding: a few float operations per layer, accumulated over up to ~40-term sums per GEMM and four
    // layers, which stays well under 1e-3 relative. A wrong gradient shows as O(1).
    private const double MaxRelativeError = 1e-3;

    // The analytic side runs the float forward pass, whose SIMD tanh/sigmoid/exp are within 5e-7 relative of exact
    // (Activations.TanhMaxRelativeError). Where an output is close to its target, the loss gradient (o − t) turns that
    // into up to ~5e-7 absolute error, multiplied by the activations feeding the weight (|h| up to ~10): gradients
    // that small are judged by this absolute bound. (Seen: 8-22-22-5 leaky ReLU, tanh output, half-sum error, batch 1:
    // absolute error 1.2e-6 on a 3e-4 gradient.) A wrong gradient is off by O(gradient), far above it.
    private const double MaxAbsoluteError = 1e-5;

    [Property(Arbitrary = [typeof(ArchitectureArbitraries)], MaxTest = 40)]
    public void Backpropagation_matches_central_differences(ArchitectureCase c) =>
        CheckGradients(c, RandomValues.Uniform(c.Batch * c.Inputs, c.Seed, 1.5f));

    /// <summary>
    /// Inputs that are mostly zeros, like MNIST pixels, send the first layer down the zero-skipping products. Fixed
    /// cases with enough inputs that the 5 % left nonzero are several per batch, below every CPU family's thresholds,
    /// so the sparse path is certain to run.
    /// </summary>
    [Theory]
    [InlineData(new[] { 16 }, Activation.Relu, LossKind.SoftmaxCrossEntropy, 40, 5, 4, 11)]
    [InlineData(new[] { 24, 12 }, Activation.Tanh, LossKind.CrossEntropy, 64, 3, 3, 12)]
    [InlineData(new int[0], Activation.Sigmoid, LossKind.MeanSquaredError, 50, 4, 2, 13)]
    [InlineData(new[] { 9 }, Activation.LeakyRelu, LossKind.BinaryCrossEntropy, 33, 6, 5, 14)]
    [InlineData(new[] { 12, 7 }, Activation.Elu, LossKind.SoftmaxCrossEntropy, 36, 4, 3, 15)]
    public void Backpropagation_matches_central_differences_on_mostly_zero_inputs(int[] hidden, Activation activation, LossKind loss, int inputs, int outputs, int batch, int seed)
    {
        var c = new ArchitectureCase(hidden, activation, loss, inputs, outputs, batch, seed);
        float[] x = MostlyZeros(RandomValues.Uniform(batch * inputs, seed, 1.5f), seed);
        Assert.True(Reductions.NonZeroFraction(x) <= Math.Min(SparseProductRule.ForwardMaxDensity, SparseProductRule.WeightGradientMaxDensity));
        CheckGradients(c, x);
    }

    [Property(Arbitrary = [typeof(ArchitectureArbitraries)], MaxTest = 40)]
    public void The_batched_forward_pass_on_mostly_zero_inputs_equals_a_naive_per_sample_forward_pass(ArchitectureCase c) =>
        CheckForward(c, MostlyZeros(RandomValues.Uniform(c.Batch * c.Inputs, c.Seed, 2f), c.Seed));

    /// <summary>
    /// Zeroes 95 % of the values, keeping at least one: below every CPU family's <see cref="SparseProductRule"/>
    /// thresholds, so both zero-skipping products run wherever the tests do.
    /// </summary>
    internal static float[] MostlyZeros(float[] values, int seed)
    {
        var random = new Random(seed);
        int kept = Math.Max(1, (int)(values.Length * 0.05));
        for (int i = 0; i < values.Length; i++)
        {
            if (i >= kept)
            {
                values[i] = 0f;
            }
        }

        random.Shuffle(values);
        return values;
    }

    private static void CheckGradients(ArchitectureCase c, float[] x)
    {
        using Network net = Build(c);
        using Workspace ws = net.CreateWorkspace(c.Batch);
        MoveOffKinks(net, ws, x, c);
        IReadOnlyList<TensorGradientError> errors;
        if (net.Loss.AcceptsLabels)
        {
            (_, int[] labels) = RandomValues.Classes(c.Batch, c.Outputs, c.Seed + 1);
            errors = GradientCheck.Run(net, x, labels, c.Batch, ws);
        }
        else
        {
            float[] targets = RandomValues.Probabilities(c.Batch * c.Outputs, c.Seed + 1);
            errors = GradientCheck.Run(net, x, targets, c.Batch, ws);
        }

        foreach (TensorGradientError e in errors)
        {
            Assert.True(
                e.MaxRelativeError <= MaxRelativeError || e.MaxAbsoluteError <= MaxAbsoluteError,
                $"{c}: layer {e.Layer} {e.Tensor} relative error {e.MaxRelativeError:E2}, absolute {e.MaxAbsoluteError:E2}");
        }
    }

    [Property(Arbitrary = [typeof(ArchitectureArbitraries)], MaxTest = 40)]
    public void The_batched_forward_pass_equals_a_naive_per_sample_forward_pass(ArchitectureCase c) =>
        CheckForward(c, RandomValues.Uniform(c.Batch * c.Inputs, c.Seed, 2f));

    private static void CheckForward(ArchitectureCase c, float[] x)
    {
        using Network net = Build(c);
        using Workspace ws = net.CreateWorkspace(c.Batch);
        float[] batched = net.Forward(x, c.Batch, ws).ToArray();
        for (int s = 0; s < c.Batch; s++)
        {
            double[] expected = NaiveForward(net, x.AsSpan(s * c.Inputs, c.Inputs));
            for (int j = 0; j < c.Outputs; j++)
            {
                double actual = batched[(s * c.Outputs) + j];
                Assert.True(Math.Abs(actual - expected[j]) <= 1e-4 * Math.Max(1, Math.Abs(expected[j])), $"{c}: sample {s} output {j}: {actual} vs {expected[j]}");
            }
        }
    }

    private static Network Build(ArchitectureCase c)
    {
        var builder = new NetworkBuilder(c.Inputs);
        foreach (int width in c.Hidden)
        {
            builder.Dense(width, c.Activation);
        }

        switch (c.Loss)
        {
            case LossKind.CrossEntropy:
                builder.Dense(c.Outputs, Activation.Softmax).Loss(new CrossEntropyLoss());
                break;
            case LossKind.BinaryCrossEntropy:
                builder.Dense(c.Outputs, Activation.Sigmoid).Loss(new BinaryCrossEntropyLoss());
                break;
            case LossKind.MeanSquaredError:
                builder.Dense(c.Outputs).Loss(new SquaredErrorLoss(SquaredErrorConvention.Mean));
                break;
            case LossKind.HalfSumSquaredError:
                builder.Dense(c.Outputs, Activation.Tanh).Loss(new SquaredErrorLoss(SquaredErrorConvention.HalfSum));
                break;
            default:
                builder.Dense(c.Outputs).Loss(new SoftmaxCrossEntropyLoss());
                break;
        }

        return builder.Build(c.Seed);
    }

    /// <summary>
    /// ReLU's derivative jumps at 0: a pre-activation within h of 0 makes central differences average the two sides,
    /// which is no fault of backpropagation. Redraw the biases until every pre-activation before a ReLU-family unit is
    /// at least 1e-3 from 0, far beyond what a perturbation of h = 1e-5 of one parameter moves it.
    /// </summary>
    private static void MoveOffKinks(Network net, Workspace ws, float[] x, ArchitectureCase c)
    {
        const float kinkMargin = 1e-3f;
        var random = new Random(c.Seed);
        for (int attempt = 0; attempt < 200; attempt++)
        {
            net.Forward(x, c.Batch, ws);
            if (MinimumPreActivation(net, ws, c.Batch) >= kinkMargin)
            {
                return;
            }

            for (int i = 0; i < net.Layers.Count; i++)
            {
                if (net.Layers[i] is Dense { HasBias: true })
                {
                    Span<float> biases = net.Biases(i);
                    for (int j = 0; j < biases.Length; j++)
                    {
                        biases[j] = (float)((random.NextDouble() * 0.6) - 0.3);
                    }
                }
            }
        }
    }

    private static float MinimumPreActivation(Network net, Workspace ws, int batch)
    {
        float minimum = float.PositiveInfinity;
        for (int i = 0; i + 1 < net.Layers.Count; i++)
        {
            if (net.Layers[i + 1] is ActivationLayer { Activation: Activation.Relu or Activation.LeakyRelu })
            {
                foreach (float z in ws.Output(i, batch))
                {
                    minimum = MathF.Min(minimum, MathF.Abs(z));
                }
            }
        }

        return minimum;
    }

    /// <summary>One sample through every layer with plain double loops.</summary>
    private static double[] NaiveForward(Network net, ReadOnlySpan<float> sample)
    {
        double[] current = Array.ConvertAll(sample.ToArray(), v => (double)v);
        for (int i = 0; i < net.Layers.Count; i++)
        {
            Layer layer = net.Layers[i];
            var next = new double[layer.Outputs];
            if (layer is Dense dense)
            {
                Span<float> w = net.Weights(i);
                for (int o = 0; o < dense.Outputs; o++)
                {
                    double sum = dense.HasBias ? net.Biases(i)[o] : 0;
                    for (int k = 0; k < dense.Inputs; k++)
                    {
                        sum += current[k] * w[(k * dense.Outputs) + o];
                    }

                    next[o] = sum;
                }
            }
            else if (layer is SoftmaxLayer)
            {
                next = Reference.NaiveKernels.SoftmaxRow(Array.ConvertAll(current, v => (float)v));
            }
            else
            {
                var activation = (ActivationLayer)layer;
                for (int o = 0; o < next.Length; o++)
                {
                    double v = current[o];
                    next[o] = activation.Activation switch
                    {
                        Activation.Relu => Math.Max(v, 0),
                        Activation.LeakyRelu => v > 0 ? v : activation.Alpha * v,
                        Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
                        Activation.Elu => v > 0 ? v : activation.Alpha * (Math.Exp(v) - 1),
                        _ => Math.Tanh(v),
                    };
                }
            }

            current = next;
        }

        return current;
    }
}
