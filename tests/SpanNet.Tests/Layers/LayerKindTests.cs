using System;
using System.Collections.Generic;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Layers;

/// <summary>
/// Every layer kind of issue #17 in small mixed networks (<see cref="LayerZoo"/>): backpropagation against central
/// differences, the float forward pass against the layers' double references, the inference model against the
/// network, the model file round trip, and zero allocation per step and per prediction.
/// </summary>
public class LayerKindTests
{
    private const int Batch = 5;

    // As GradientCheckProperties: the numerical side is double, so what is left is the float analytic gradient's
    // rounding, well under 1e-3 relative; gradients too small for that are judged by the absolute bound. BatchNorm and
    // LayerNorm add a few float reductions over at most 12 values per row or column, which stays inside both.
    private const double MaxRelativeError = 1e-3;
    private const double MaxAbsoluteError = 1e-5;

    // The forward kernels are within 6e-7 relative of exact (the Activations.*MaxRelativeError constants); through a
    // few layers of sums and normalisations that stays below 1e-5 relative to max(1, |y|).
    private const double ForwardTolerance = 1e-5;

    public static TheoryData<string> Zoo => [.. LayerZoo.Names];

    [Theory]
    [MemberData(nameof(Zoo))]
    public void Backpropagation_matches_central_differences(string name)
    {
        using Network network = LayerZoo.Build(name);
        using Workspace workspace = network.CreateWorkspace(Batch);
        float[] x = RandomValues.Uniform(Batch * LayerZoo.Inputs, 3, 2f);
        IReadOnlyList<TensorGradientError> errors = LayerZoo.IsRegression(name)
            ? GradientCheck.Run(network, x, RandomValues.Uniform(Batch * 3, 4), Batch, workspace)
            : GradientCheck.Run(network, x, RandomValues.Classes(Batch, 3, 4).Labels, Batch, workspace);
        Assert.NotEmpty(errors);
        foreach (TensorGradientError e in errors)
        {
            Assert.True(
                e.MaxRelativeError <= MaxRelativeError || e.MaxAbsoluteError <= MaxAbsoluteError,
                $"{name}: layer {e.Layer} {e.Tensor} relative error {e.MaxRelativeError:E2}, absolute {e.MaxAbsoluteError:E2}");
        }
    }

    [Theory]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.GeluTanh)]
    [InlineData(Activation.Silu)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.HardSwish)]
    [InlineData(Activation.HardSigmoid)]
    [InlineData(Activation.Relu6)]
    [InlineData(Activation.Clip)]
    public void Every_new_activation_backpropagates_as_central_differences_say(Activation activation)
    {
        using Network network = new NetworkBuilder(4).Dense(9, activation).Dense(9, activation).Dense(3).Build(21);
        using Workspace workspace = network.CreateWorkspace(Batch);
        float[] x = RandomValues.Uniform(Batch * 4, 22, 3f);
        foreach (TensorGradientError e in GradientCheck.Run(network, x, RandomValues.Classes(Batch, 3, 23).Labels, Batch, workspace))
        {
            Assert.True(
                e.MaxRelativeError <= MaxRelativeError || e.MaxAbsoluteError <= MaxAbsoluteError,
                $"{activation}: layer {e.Layer} {e.Tensor} relative error {e.MaxRelativeError:E2}, absolute {e.MaxAbsoluteError:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void The_inference_forward_pass_equals_the_layers_double_references(string name)
    {
        using Network network = LayerZoo.Build(name);
        using Workspace workspace = network.CreateWorkspace(Batch);
        float[] x = RandomValues.Uniform(Batch * LayerZoo.Inputs, 5, 2f);
        float[] actual = network.Forward(x, Batch, workspace).ToArray();
        double[] expected = Reference(network, x, Batch, workspace, training: false);
        AssertClose(expected, actual, name);
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void The_training_forward_pass_equals_the_references_with_batch_statistics_and_the_saved_masks(string name)
    {
        using Network network = LayerZoo.Build(name);
        using Workspace workspace = network.CreateWorkspace(Batch);
        float[] x = RandomValues.Uniform(Batch * LayerZoo.Inputs, 6, 2f);
        if (LayerZoo.IsRegression(name))
        {
            network.ComputeLoss(x, RandomValues.Uniform(Batch * 3, 7), Batch, workspace);
        }
        else
        {
            network.ComputeLoss(x, RandomValues.Classes(Batch, 3, 7).Labels, Batch, workspace);
        }

        float[] actual = workspace.Output(network.Layers.Count - 1, Batch).ToArray();
        AssertClose(Reference(network, x, Batch, workspace, training: true), actual, name);
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void The_inference_model_predicts_what_the_network_predicts(string name)
    {
        using Network network = LayerZoo.Build(name);
        TrainABit(network, name);
        using Workspace workspace = network.CreateWorkspace(Batch);
        float[] x = RandomValues.Uniform(Batch * LayerZoo.Inputs, 8, 2f);
        float[] expected = new float[Batch * 3], actual = new float[Batch * 3];
        network.Predict(x, expected, Batch, workspace);
        using InferenceSession session = InferenceModel.FromNetwork(network).CreateSession();
        session.Predict(x, actual, Batch);

        // Folding a BatchNorm or a fixed map into the dense weights changes rounding only.
        AssertClose(Array.ConvertAll(expected, v => (double)v), actual, name);
    }

    [Fact]
    public void A_batch_norm_after_a_dense_layer_is_folded_into_it_and_so_is_dropout()
    {
        using Network network = new NetworkBuilder(5).Dense(8).BatchNorm().Activate(Activation.Relu).Dropout(0.5f).Dense(4).Dropout(0.25f).Build(3);
        InferenceModel model = InferenceModel.FromNetwork(network);
        Assert.Equal(3, model.Steps.Length);
        Assert.IsType<DenseSampleStep>(model.Steps[0]);
        Assert.IsNotType<DenseSampleStep>(model.Steps[1]);
        Assert.IsType<DenseSampleStep>(model.Steps[2]);
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void A_model_file_round_trip_keeps_every_parameter_and_state_value_and_re_saves_byte_for_byte(string name)
    {
        using Network network = LayerZoo.Build(name);
        TrainABit(network, name);
        byte[] bytes = ModelFile.Serialize(network);
        using Network loaded = ModelFile.Deserialize(bytes, name);
        Assert.Equal(network.Parameters.Values.ToArray(), loaded.Parameters.Values.ToArray());
        Assert.Equal(network.State.ToArray(), loaded.State.ToArray());
        Assert.Equal(bytes, ModelFile.Serialize(loaded));
        IO.LoadedModelExercise.Run(bytes, name);

        using Workspace a = network.CreateWorkspace(Batch), b = loaded.CreateWorkspace(Batch);
        float[] x = RandomValues.Uniform(Batch * LayerZoo.Inputs, 9, 2f);
        Assert.Equal(network.Forward(x, Batch, a).ToArray(), loaded.Forward(x, Batch, b).ToArray());
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void Training_steps_and_predictions_allocate_nothing(string name)
    {
        using Network network = LayerZoo.Build(name);
        using Workspace workspace = network.CreateWorkspace(Batch);
        using var adam = new Adam(network.Parameters.Length);
        float[] x = RandomValues.Uniform(Batch * LayerZoo.Inputs, 10, 2f);
        int[] labels = RandomValues.Classes(Batch, 3, 11).Labels;
        float[] targets = RandomValues.Uniform(Batch * 3, 11);
        float[] predictions = new float[Batch * 3];
        using InferenceSession session = InferenceModel.FromNetwork(network).CreateSession();
        bool regression = LayerZoo.IsRegression(name);
        KernelAllocationTests.AssertNoAllocation(() =>
        {
            if (regression)
            {
                network.TrainStep(x, targets, Batch, adam, workspace);
            }
            else
            {
                network.TrainStep(x, labels, Batch, adam, workspace);
            }

            network.Predict(x, predictions, Batch, workspace);
            session.Predict(x, predictions, Batch);
        });
    }

    /// <summary>The network's layers' double references applied one after another (the dropout masks of the last training pass).</summary>
    internal static double[] Reference(Network network, float[] x, int batch, Workspace workspace, bool training)
    {
        double[] current = Array.ConvertAll(x, v => (double)v);
        double[] parameters = Array.ConvertAll(network.Parameters.Values.ToArray(), v => (double)v);
        int offset = 0;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            current = layer.Reference(current, batch, parameters.AsSpan(offset, layer.ParameterCount), network.LayerState(i), workspace.Saved(i), training);
            offset += layer.ParameterCount;
        }

        return current;
    }

    private static void TrainABit(Network network, string name)
    {
        using Workspace workspace = network.CreateWorkspace(Batch);
        using var adam = new Adam(network.Parameters.Length, learningRate: 0.01f);
        for (int step = 0; step < 5; step++)
        {
            float[] x = RandomValues.Uniform(Batch * LayerZoo.Inputs, 100 + step, 2f);
            if (LayerZoo.IsRegression(name))
            {
                network.TrainStep(x, RandomValues.Uniform(Batch * 3, 200 + step), Batch, adam, workspace);
            }
            else
            {
                network.TrainStep(x, RandomValues.Classes(Batch, 3, 200 + step).Labels, Batch, adam, workspace);
            }
        }
    }

    private static void AssertClose(double[] expected, float[] actual, string name)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(actual[i] - expected[i]) <= ForwardTolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{name}: output {i} is {actual[i]}, the reference {expected[i]}");
        }
    }
}
