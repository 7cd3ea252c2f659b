using System;
using System.IO;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>
/// Model files with a valid checksum and impossible contents (the hostile writer of issue #11): each is rejected with
/// <see cref="InvalidDataException"/> naming the file and the field, before anything sized by the file is allocated.
/// </summary>
public sealed class ModelFileValidationTests
{
    private const int Dense = 1, Relu = 2, LeakyRelu = 3, Sigmoid = 4, Softmax = 7;

    [Fact]
    public void A_dense_layer_whose_int_product_wraps_to_zero_is_rejected()
    {
        // 65,536 × 65,536 wraps to 0 in int: 76 bytes (72 in format version 1, where it was found) claiming a
        // 4-billion-weight layer and storing none.
        byte[] bytes = new ModelBytes(65_536).Layer(Dense, 65_536).Build([]);
        Assert.Equal(76, bytes.Length);
        AssertRejected(bytes, "parameters");
    }

    [Fact]
    public void Layers_of_two_to_the_28_after_784_inputs_are_rejected()
    {
        // 784 × 2²⁸ = 49 · 2³², which also wraps to 0.
        byte[] bytes = new ModelBytes(784).Layer(Dense, 1 << 28).Layer(Relu, 1 << 28).Layer(Dense, 10, flags: 1).Build([]);
        AssertRejected(bytes, "outputs");
    }

    [Fact]
    public void A_parameter_count_that_disagrees_with_the_layers_is_rejected_without_allocating_the_network()
    {
        // 1000 × 1000 weights declared, none stored: the old loader allocated 8 MB (values and gradients) first.
        byte[] bytes = new ModelBytes(1000).Layer(Dense, 1000).Build([]);
        long allocated = AllocatedWhileRejecting(bytes, "parameters");
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Fact]
    public void Sixteen_million_inputs_are_rejected_without_allocating_384_mebibytes()
    {
        byte[] bytes = new ModelBytes(1 << 24).Layer(Dense, 3).Build([]);
        long allocated = AllocatedWhileRejecting(bytes, "inputs");
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Fact]
    public void Unknown_flag_bits_are_rejected()
    {
        AssertRejected(new ModelBytes(2).Layer(Dense, 1, flags: 3).Build(new float[3]), "flags");
        AssertRejected(new ModelBytes(2).Layer(Dense, 1, flags: int.MinValue).Build(new float[2]), "flags");
        AssertRejected(new ModelBytes(2).Layer(Dense, 1).Layer(Relu, 1, flags: 1).Build(new float[2]), "flags");
    }

    [Fact]
    public void A_slope_on_a_layer_that_is_not_leaky_is_rejected()
    {
        AssertRejected(new ModelBytes(2).Layer(Dense, 1).Layer(Sigmoid, 1, slope: 0.5f).Build(new float[2]), "slope");
        AssertRejected(new ModelBytes(2).Layer(Dense, 1).Layer(Relu, 1, slope: -0f).Build(new float[2]), "slope");
        AssertRejected(new ModelBytes(2).Layer(Dense, 1, slope: 1f).Build(new float[2]), "slope");
    }

    [Fact]
    public void A_leaky_slope_outside_the_unit_interval_or_not_a_number_is_rejected()
    {
        AssertRejected(new ModelBytes(2).Layer(LeakyRelu, 2, slope: float.NaN).Build([]), "slope");
        AssertRejected(new ModelBytes(2).Layer(LeakyRelu, 2, slope: 1f).Build([]), "slope");
        AssertRejected(new ModelBytes(2).Layer(LeakyRelu, 2, slope: -0.5f).Build([]), "slope");
    }

    [Fact]
    public void Impossible_layer_sequences_are_rejected()
    {
        AssertRejected(new ModelBytes(2).Layer(Relu, 3).Build([]), "outputs");
        AssertRejected(new ModelBytes(2).Layer(Softmax, 1).Build([]), "outputs");
        AssertRejected(new ModelBytes(2).Layer(99, 2).Build([]), "kind");
        AssertRejected(new ModelBytes(2).Layer(Dense, 0).Build([]), "outputs");
        AssertRejected(new ModelBytes(2).Layer(Dense, -4).Build([]), "outputs");
        AssertRejected(new ModelBytes(0).Layer(Relu, 0).Build([]), "inputs");
        var unknownLoss = new ModelBytes(2) { Loss = 42 };
        AssertRejected(unknownLoss.Layer(Relu, 2).Build([]), "loss");
    }

    [Fact]
    public void More_activations_per_sample_than_the_limit_are_rejected_although_they_need_no_parameters()
    {
        var model = new ModelBytes(ModelFile.MaxWidth);
        for (int i = 0; i < ModelFile.MaxActivationsPerSample / ModelFile.MaxWidth; i++)
        {
            model.Layer(Relu, ModelFile.MaxWidth);
        }

        AssertRejected(model.Build([]), "activations");
    }

    [Fact]
    public void Non_finite_parameters_are_rejected_naming_the_parameter()
    {
        AssertRejected(new ModelBytes(2).Layer(Dense, 1).Build([1f, float.PositiveInfinity]), "parameter 1");
        AssertRejected(new ModelBytes(2).Layer(Dense, 1).Build([float.NaN, 0f]), "parameter 0");
    }

    [Fact]
    public void A_negative_or_oversized_stored_count_is_rejected()
    {
        AssertRejected(new ModelBytes(2).Layer(Dense, 1).Build(-1, []), "parameter count");
        AssertRejected(new ModelBytes(2).Layer(Dense, 1).Build(int.MaxValue, [1f, 2f]), "parameter count");
    }

    [Fact]
    public void Inference_model_load_reports_the_same_rejections_as_invalid_data()
    {
        using var folder = new TempDirectory();
        string path = folder.Combine("wrapped.model");
        File.WriteAllBytes(path, new ModelBytes(65_536).Layer(Dense, 65_536).Build([]));
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => InferenceModel.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Crafted_models_that_load_forward_predict_train_resave_identically_and_export()
    {
        float[] weights = [0.5f, -0.25f, 0.125f, 1f, -1f, 0.75f];
        byte[][] accepted =
        [
            new ModelBytes(2).Layer(Dense, 3).Layer(LeakyRelu, 3, slope: 0.2f).Layer(Dense, 2, flags: 1).Build([.. weights, 1f, 2f, 3f, 4f, 5f, 6f, 0.5f, -0.5f]),
            new ModelBytes(3) { Loss = 2 }.Layer(Dense, 2).Layer(Softmax, 2).Build(weights),
            new ModelBytes(2) { Loss = 5 }.Layer(Dense, 3, flags: 1).Layer(Sigmoid, 3).Build([.. weights, 0f, 0f, 0f]),
            new ModelBytes(2) { Loss = 4 }.Layer(Relu, 2).Build([]),
        ];
        foreach (byte[] bytes in accepted)
        {
            LoadedModelExercise.Run(bytes, "crafted");
        }
    }

    [Fact]
    public void Inference_model_load_reads_the_file_without_building_a_training_network()
    {
        using Network net = new NetworkBuilder(784).Dense(100, Activation.Relu).Dense(10).Build(seed: 5);
        using var folder = new TempDirectory();
        string path = folder.Combine("mnist.model");
        ModelFile.Save(net, path);
        long fileBytes = new FileInfo(path).Length;

        InferenceModel.Load(path);
        long before = GC.GetAllocatedBytesForCurrentThread();
        InferenceModel model = InferenceModel.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The file's bytes, one flat copy of the parameters read from it, the padded inference layout (784 × 112 + 112
        // + 100 × 16 + 16 floats) and small change; a training network's values and gradients would add twice the
        // parameters again.
        long parameters = net.Parameters.Length * sizeof(float);
        long layout = ((784L * 112) + 112 + (100 * 16) + 16) * sizeof(float);
        Assert.InRange(allocated, fileBytes + parameters + layout, fileBytes + parameters + layout + (64 * 1024));

        InferenceModel reference = InferenceModel.FromNetwork(net);
        using InferenceSession loaded = model.CreateSession(), fromNetwork = reference.CreateSession();
        float[] sample = new float[784], expected = new float[10], actual = new float[10];
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = (i % 7) * 0.125f;
        }

        fromNetwork.Predict(sample, expected);
        loaded.Predict(sample, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(reference.Layers.Count, model.Layers.Count);
        Assert.Equal(reference.Loss.Kind, model.Loss.Kind);
    }

    [Fact]
    public void The_builder_refuses_a_dense_layer_whose_weight_count_would_wrap()
    {
        var builder = new NetworkBuilder(65_536);
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(65_536));
        Assert.Equal("outputs", e.ParamName);
        Assert.Contains("exceed", e.Message, StringComparison.Ordinal);
    }

    private static void AssertRejected(byte[] bytes, string field)
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "hostile.model"));
        Assert.Contains("'hostile.model'", e.Message, StringComparison.Ordinal);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    private static long AllocatedWhileRejecting(byte[] bytes, string field)
    {
        Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "warm-up"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidDataException? caught = null;
        try
        {
            ModelFile.Deserialize(bytes, "hostile.model").Dispose();
        }
        catch (InvalidDataException e)
        {
            caught = e;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(caught);
        Assert.Contains(field, caught.Message, StringComparison.Ordinal);
        return allocated;
    }
}
