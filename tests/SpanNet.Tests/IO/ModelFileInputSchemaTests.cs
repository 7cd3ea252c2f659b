using System;
using System.Buffers.Binary;
using System.IO;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>Version 3 keeps an opaque input-schema section before the checksum; versions 1 and 2 still load without one.</summary>
public sealed class ModelFileInputSchemaTests
{
    private static readonly byte[] Schema = [1, 2, 3, 250, 0, 7];

    [Fact]
    public void The_schema_round_trips_byte_for_byte_and_a_model_without_one_has_an_empty_section()
    {
        using Network network = Small();
        byte[] bytes = ModelFile.Serialize(network, Schema);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        using (Network loaded = ModelFile.Deserialize(bytes, "with-schema", out byte[] schema))
        {
            Assert.Equal(Schema, schema);
            Assert.Equal(network.Parameters.Values.ToArray(), loaded.Parameters.Values.ToArray());
        }

        Assert.Equal(Schema, ModelFile.ReadInputSchema(bytes, "with-schema"));
        byte[] plain = ModelFile.Serialize(network);
        Assert.Equal(bytes.Length - Schema.Length, plain.Length);
        Assert.Empty(ModelFile.ReadInputSchema(plain, "plain"));
        LoadedModelExercise.Run(bytes, "with-schema");
    }

    [Fact]
    public void Save_and_load_by_path_keep_the_schema()
    {
        using var folder = new TempDirectory();
        string path = folder.Combine("m.model");
        using Network network = Small();
        ModelFile.Save(network, path, Schema);
        using Network loaded = ModelFile.Load(path, out byte[] schema);
        Assert.Equal(Schema, schema);
    }

    [Fact]
    public void A_version_2_file_loads_with_no_schema()
    {
        byte[] version2 = new ModelBytes(2).Layer(1, 1).Build([1f, 2f]);
        using Network network = ModelFile.Deserialize(version2, "v2", out byte[] schema);
        Assert.Empty(schema);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(ModelFile.Serialize(network).AsSpan(4)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ModelFile.MaxInputSchemaBytes + 1)]
    [InlineData(int.MaxValue)]
    public void A_schema_length_outside_the_limit_is_rejected_naming_the_field(int length)
    {
        byte[] bytes = WithSchemaLength(length);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "bad-length"));
        Assert.Contains($"its input-schema length field is {length}; it must be 0 to {ModelFile.MaxInputSchemaBytes}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_length_claiming_more_bytes_than_the_file_has_is_rejected_as_truncated()
    {
        byte[] bytes = WithSchemaLength(Schema.Length + 1);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "long-claim"));
        Assert.Contains("truncated or padded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_inside_or_before_the_schema_is_rejected()
    {
        using Network network = Small();
        byte[] bytes = ModelFile.Serialize(network, Schema);
        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] cut = bytes.AsSpan(0, length).ToArray();
            ModelBytes.Rehash(cut);
            Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(cut, "cut"));
        }
    }

    [Fact]
    public void A_changed_schema_byte_fails_the_checksum()
    {
        using Network network = Small();
        byte[] bytes = ModelFile.Serialize(network, Schema);
        bytes[^33] ^= 0x40;
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "altered"));
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_over_the_limit_is_refused_before_anything_is_written()
    {
        using var folder = new TempDirectory();
        string path = folder.Combine("big.model");
        using Network network = Small();
        byte[] schema = new byte[ModelFile.MaxInputSchemaBytes + 1];
        Assert.Equal("inputSchema", Assert.Throws<ArgumentException>(() => ModelFile.Save(network, path, schema)).ParamName);
        Assert.False(File.Exists(path));
    }

    private static Network Small() => new NetworkBuilder(3).Dense(4, Activation.Relu).Dense(2).Build(seed: 5);

    /// <summary>A valid file whose schema length field is rewritten (and the checksum recomputed).</summary>
    private static byte[] WithSchemaLength(int length)
    {
        using Network network = Small();
        byte[] bytes = ModelFile.Serialize(network, Schema);
        int at = bytes.Length - 32 - Schema.Length - 4;
        Assert.Equal(Schema.Length, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), length);
        ModelBytes.Rehash(bytes);
        return bytes;
    }
}
