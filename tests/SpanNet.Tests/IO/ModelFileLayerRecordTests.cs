using System;
using System.Buffers.Binary;
using System.IO;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>
/// Version 3 records of the new layer kinds, altered field by field with a valid checksum: each impossible record is one
/// <see cref="InvalidDataException"/> naming the layer and the field, before anything sized by the file is allocated.
/// </summary>
public class ModelFileLayerRecordTests
{
    private const int RecordsAt = 16, RecordBytes = 24;

    [Fact]
    public void A_batch_norm_record_needs_a_positive_epsilon_a_momentum_in_the_unit_interval_and_known_flags()
    {
        using Network network = new NetworkBuilder(3).Dense(4).BatchNorm().Dense(2).Build(1);
        AssertRejected(Patched(network, 1, first: 0f), "layer 1 (BatchNorm)", "ε");
        AssertRejected(Patched(network, 1, second: 1.5f), "layer 1 (BatchNorm)", "momentum");
        AssertRejected(Patched(network, 1, flags: 3), "layer 1 (BatchNorm)", "flags");
        AssertRejected(Patched(network, 1, outputs: 5), "layer 1 (BatchNorm)", "keeps the width");
    }

    [Fact]
    public void A_negative_running_variance_is_refused_although_it_is_finite()
    {
        using Network network = new NetworkBuilder(3).Dense(4).BatchNorm().Dense(2).Build(1);
        network.LayerState(1)[5] = -0.5f;
        AssertRejected(ModelFile.Serialize(network), "layer 1 (BatchNorm)", "running variance -0.5 for feature 1");
    }

    [Fact]
    public void A_standardisation_that_divides_by_zero_is_refused()
    {
        using Network network = new NetworkBuilder(2).Standardize([0f, 1f], [1f, 2f]).Dense(2).Build(1);
        network.LayerState(0)[3] = 0f;
        AssertRejected(ModelFile.Serialize(network), "layer 0 (Standardize)", "scale 0 for feature 1");
    }

    [Fact]
    public void Dropout_layer_norm_and_prelu_records_are_checked_by_their_kinds()
    {
        using Network network = new NetworkBuilder(3).Dropout(0.5f).LayerNorm().PRelu().Dense(2).Build(1);
        AssertRejected(Patched(network, 0, first: 1f), "layer 0 (Dropout)", "probability");
        AssertRejected(Patched(network, 0, first: float.NaN), "layer 0 (Dropout)", "probability");
        AssertRejected(Patched(network, 1, first: -1e-5f), "layer 1 (LayerNorm)", "ε");
        AssertRejected(Patched(network, 1, second: 2f), "layer 1 (LayerNorm)", "second number");
        AssertRejected(Patched(network, 2, first: 0.25f), "layer 2 (PRelu)", "α (slope) 0.25");
        AssertRejected(Patched(network, 3, children: 1), "layer 3 (Dense)", "claims 1 inner layers");
    }

    [Fact]
    public void A_new_activation_s_arguments_are_checked_by_its_descriptor()
    {
        using Network network = new NetworkBuilder(3).Dense(3, Activation.Gelu).Dense(3, Activation.Clip, alpha: -1f, beta: 1f).Dense(2).Build(1);
        AssertRejected(Patched(network, 1, first: 0.5f), "layer 1 (gelu)", "takes none");
        AssertRejected(Patched(network, 3, first: 2f), "layer 3 (clip)", "not below α");
        AssertRejected(Patched(network, 3, second: float.PositiveInfinity), "layer 3 (clip)", "β");
    }

    [Fact]
    public void A_residual_block_s_inner_layers_must_be_there_chain_back_to_its_width_and_not_nest()
    {
        using Network network = new NetworkBuilder(3).Residual(b => b.Dense(5, Activation.Relu).Dense(3), Activation.Tanh).Dense(2).Build(1);

        // Records: 0 block (children 3), 1 dense 5, 2 relu, 3 dense 3, 4 dense 2.
        AssertRejected(Patched(network, 0, children: 5), "layer 0 (Residual)", "claims 5 inner layers");
        AssertRejected(Patched(network, 0, children: 0), "layer 0 (Residual)", "claims 0 inner layers");
        AssertRejected(Patched(network, 0, children: 2), "layer 0 (Residual)", "must end at its width 3");
        AssertRejected(Patched(network, 0, flags: 99), "layer 0 (Residual)", "activation code 99");
        AssertRejected(Patched(network, 0, first: 0.5f), "layer 0 (Residual)", "invalid for tanh");
        AssertRejected(Patched(network, 1, code: 24, children: 1), "layer 1", "blocks do not nest");
    }

    [Fact]
    public void A_version_2_file_cannot_hold_the_kinds_that_came_with_version_3()
    {
        byte[] bytes = new ModelBytes(2).Layer(20, 2).Build([]);
        AssertRejected(bytes, "layer 0's kind code 20 is unknown");
    }

    [Fact]
    public void A_state_count_that_disagrees_with_the_layers_is_refused()
    {
        using Network network = new NetworkBuilder(3).BatchNorm().Dense(2).Build(1);
        byte[] bytes = ModelFile.Serialize(network);
        int stateCountAt = RecordsAt + (2 * RecordBytes) + 12;
        Assert.Equal(6, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(stateCountAt)));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(stateCountAt), -1);
        ModelBytes.Rehash(bytes);
        AssertRejected(bytes, "state count field is -1");
    }

    /// <summary>The network's file with record <paramref name="index"/>'s given fields replaced and the checksum recomputed.</summary>
    private static byte[] Patched(Network network, int index, int? code = null, int? outputs = null, int? flags = null, float? first = null, float? second = null, int? children = null)
    {
        byte[] bytes = ModelFile.Serialize(network);
        Span<byte> record = bytes.AsSpan(RecordsAt + (index * RecordBytes), RecordBytes);
        if (code is int c)
        {
            BinaryPrimitives.WriteInt32LittleEndian(record, c);
        }

        if (outputs is int o)
        {
            BinaryPrimitives.WriteInt32LittleEndian(record[4..], o);
        }

        if (flags is int f)
        {
            BinaryPrimitives.WriteInt32LittleEndian(record[8..], f);
        }

        if (first is float a)
        {
            BinaryPrimitives.WriteSingleLittleEndian(record[12..], a);
        }

        if (second is float b)
        {
            BinaryPrimitives.WriteSingleLittleEndian(record[16..], b);
        }

        if (children is int n)
        {
            BinaryPrimitives.WriteInt32LittleEndian(record[20..], n);
        }

        ModelBytes.Rehash(bytes);
        return bytes;
    }

    private static void AssertRejected(byte[] bytes, params string[] fragments)
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "hostile.model"));
        Assert.Contains("'hostile.model'", error.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<InvalidDataException>(() => SpanNet.Inference.InferenceModel.FromModelBytes(bytes, "hostile.model"));
    }
}
