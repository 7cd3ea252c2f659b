using System;
using System.Buffers.Binary;
using System.IO;
using SpanNet.IO;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>
/// Each of the model file's limits at its edge: a file exactly at a limit loads, one past it is rejected by that
/// limit's own check (named in the message), and the header's fields are reported in words a reader can act on.
/// </summary>
public sealed class ModelFileLimitTests
{
    private const int Dense = 1, Relu = 2, Softmax = 7;

    [Fact]
    public void A_file_shorter_than_any_model_is_reported_with_its_length()
    {
        InvalidDataException error = Reject(new byte[10]);
        Assert.Contains("it is 10 bytes, shorter than any model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_exactly_the_shortest_length_reaches_the_field_checks()
    {
        // The shortest model layout (version 1, no layers, no parameters) is long enough to be read; what is wrong
        // with it is its layer count.
        byte[] bytes = new byte[16 + 8 + 32];
        "SPNN"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 2);
        InvalidDataException error = Reject(bytes);
        Assert.Contains("its layer count field is 0; it must be 1 to 4096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_version_names_the_versions_read()
    {
        byte[] bytes = new ModelBytes(2).Layer(Dense, 1).Build([1f, 2f]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 4);
        ModelBytes.Rehash(bytes);
        Assert.Contains("it is format version 4; this SpanNet reads versions 1 to 3", Reject(bytes).Message, StringComparison.Ordinal);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 0);
        ModelBytes.Rehash(bytes);
        Assert.Contains("it is format version 0; this SpanNet reads versions 1 to 3", Reject(bytes).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_inside_its_layer_table_says_so()
    {
        byte[] bytes = new ModelBytes(2).Layer(Dense, 1).Layer(Relu, 1).Layer(Dense, 1).Build([1f, 2f, 3f]);
        Assert.Contains("it ends inside the layer table (truncated)", Reject(bytes.AsSpan(0, 60).ToArray()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_most_layers_load_and_one_more_is_rejected_by_the_layer_count()
    {
        using (Network network = ModelFile.Deserialize(ReluChain(1, ModelFile.MaxLayers), "most-layers"))
        {
            Assert.Equal(ModelFile.MaxLayers, network.Layers.Count);
        }

        Assert.Contains($"its layer count field is {ModelFile.MaxLayers + 1}; it must be 1 to {ModelFile.MaxLayers}", Reject(ReluChain(1, ModelFile.MaxLayers + 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_the_most_activations_per_sample_load_and_one_more_layer_is_rejected()
    {
        // 2^20 inputs and three ReLU layers of 2^20: 2^22 activations, the limit, without a parameter.
        using (Network network = ModelFile.Deserialize(ReluChain(ModelFile.MaxWidth, 3), "most-activations"))
        {
            Assert.Equal(ModelFile.MaxWidth, network.Outputs);
        }

        Assert.Contains($"its layers up to layer 3 give {5L * ModelFile.MaxWidth} activations per sample, more than the limit of {ModelFile.MaxActivationsPerSample}", Reject(ReluChain(ModelFile.MaxWidth, 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dense_layer_exactly_the_widest_loads_and_one_wider_is_rejected_naming_it()
    {
        float[] weights = new float[ModelFile.MaxWidth];
        using (Network network = ModelFile.Deserialize(new ModelBytes(1).Layer(Dense, ModelFile.MaxWidth).Build(weights), "widest"))
        {
            Assert.Equal(ModelFile.MaxWidth, network.Outputs);
        }

        byte[] wider = new ModelBytes(1).Layer(Dense, ModelFile.MaxWidth + 1).Build([]);
        Assert.Contains($"layer 0 (Dense) has {ModelFile.MaxWidth + 1} outputs; a layer has 1 to {ModelFile.MaxWidth}", Reject(wider).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_needing_exactly_the_most_parameters_pass_the_limit_and_one_more_is_rejected_by_it()
    {
        // 2^14 × 2^14 weights are 2^28, the limit: the layer table is accepted, and the file is then rejected only
        // because it stores none of them. With a bias the layers need 2^14 more, past the limit.
        const int Side = 1 << 14;
        byte[] atLimit = new ModelBytes(Side).Layer(Dense, Side).Build(0, []);
        Assert.Contains($"its layers need {ModelFile.MaxParameters} parameters but its parameter count field is 0", Reject(atLimit).Message, StringComparison.Ordinal);

        byte[] pastLimit = new ModelBytes(Side).Layer(Dense, Side, flags: 1).Build(0, []);
        Assert.Contains($"its layers up to layer 0 need {ModelFile.MaxParameters + Side} parameters, more than the limit of {ModelFile.MaxParameters}", Reject(pastLimit).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_count_of_exactly_the_most_parameters_passes_the_count_check_and_fails_on_the_length()
    {
        byte[] bytes = new ModelBytes(2).Layer(Dense, 1).Build(ModelFile.MaxParameters, []);
        string message = Reject(bytes).Message;
        Assert.Contains("but its header describes", message, StringComparison.Ordinal);

        byte[] over = new ModelBytes(2).Layer(Dense, 1).Build(ModelFile.MaxParameters + 1, []);
        Assert.Contains($"its parameter count field is {ModelFile.MaxParameters + 1}; it must be 0 to {ModelFile.MaxParameters}", Reject(over).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_name_dense_and_softmax_layers_by_kind()
    {
        Assert.Contains("layer 0 (Dense) has α (slope) 0.5", Reject(new ModelBytes(2).Layer(Dense, 1, slope: 0.5f).Build([1f, 2f])).Message, StringComparison.Ordinal);
        Assert.Contains("layer 1 (Softmax)", Reject(new ModelBytes(2).Layer(Dense, 3).Layer(Softmax, 2).Build(new float[6])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_load_and_serialize_name_a_missing_argument()
    {
        using Network network = new NetworkBuilder(2).Dense(1).Build(1);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => ModelFile.Save(null!, "x.model")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => ModelFile.Save(network, null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => ModelFile.Save(network, string.Empty)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => ModelFile.Load(string.Empty)).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => ModelFile.Serialize(null!)).ParamName);
    }

    /// <summary><paramref name="inputs"/> features through <paramref name="layers"/> ReLU layers of the same width: no parameters.</summary>
    private static byte[] ReluChain(int inputs, int layers)
    {
        var model = new ModelBytes(inputs) { Loss = 4 };
        for (int i = 0; i < layers; i++)
        {
            model.Layer(Relu, inputs);
        }

        return model.Build([]);
    }

    private static InvalidDataException Reject(byte[] bytes)
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "limit.model"));
        Assert.Contains("'limit.model'", error.Message, StringComparison.Ordinal);
        return error;
    }
}
