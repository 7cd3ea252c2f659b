using System;
using System.Collections.Generic;
using System.IO;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Tests.Fuzz;
using SpanNet.Tests.IO;
using Xunit;
using Xunit.Abstractions;

namespace SpanNet.Tests.Onnx;

/// <summary>
/// Deterministic mutation fuzzing of the importer on real fixture bytes: byte and bit flips, truncations, inserted and
/// duplicated bytes, random varints, and edits of the protobuf length fields found by walking the wire format. Every
/// mutant either imports (and then predicts without an exception) or is refused by an OnnxImportException, under the
/// fuzz suite's time and allocation bounds (<see cref="FuzzRun{TRejected}"/>).
/// </summary>
public class OnnxImportFuzzTests(ITestOutputHelper output)
{
    private const int MutantsPerModel = 2500;

    /// <summary>
    /// What parsing and planning may allocate per byte of the file: the importer's copy of the stream, the protobuf
    /// objects with their copies of names and tensor data, and the plan; far below what a size field left unchecked
    /// would ask for (the mutants claim lengths up to 2^63).
    /// </summary>
    private const long ParseBytesPerFileByte = 8;

    /// <summary>
    /// Room for one-time costs a mutant can be the first to pay, whichever path it takes (the first throw of an
    /// exception type from deep in the protobuf parser, lazily built tables): a CI run saw 705 KB for a rejected
    /// 13 KB mutant. Still far below the gigabytes an unchecked length field asks for.
    /// </summary>
    private const long ParseOverhead = 2 * 1024 * 1024;


    /// <summary>Small fixtures, so ten thousand mutants parse in a few seconds; between them every operator the importer maps.</summary>
    public static TheoryData<string> Models => [.. FuzzSeeds.OnnxFixtures];

    /// <summary>Issue #17's layer patterns: GELU, SiLU-family forms, BatchNorm, LayerNorm's decomposition, residual blocks.</summary>
    public static TheoryData<string> LayerModels => [.. FuzzSeeds.OnnxLayerFixtures];

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_mutant_imports_or_is_refused_by_an_onnx_import_exception(string name) =>
        MutateAndImport(name, File.ReadAllBytes(OnnxFixture.PathOf(name + ".onnx")));

    [Theory]
    [MemberData(nameof(LayerModels))]
    public void Every_mutant_of_a_layer_pattern_imports_or_is_refused_by_an_onnx_import_exception(string name) =>
        MutateAndImport(name, File.ReadAllBytes(OnnxFixture.LayerPathOf(name + ".onnx")));

    private void MutateAndImport(string name, byte[] original)
    {
        List<(int Offset, int Size)> lengthFields = [];
        CollectLengthFields(original, 0, 0, lengthFields);
        Assert.True(lengthFields.Count > 10, $"the wire walk found only {lengthFields.Count} length fields in {name}");

        var random = new Random(name.Length * 7919);
        var run = new FuzzRun<OnnxImportException>($"ONNX {name}", output);
        for (int i = 0; i < MutantsPerModel; i++)
        {
            (byte[] mutant, string how) = Mutate(original, lengthFields, random);
            var stream = new MemoryStream(mutant);
            long parseBound = (ParseBytesPerFileByte * mutant.Length) + ParseOverhead;
            run.One(i, () =>
            {
                using Network network = OnnxImporter.Import(stream);
                long bound = parseBound + NetworkBound(network);
                LoadedModelExercise.Predict(network);
                return bound;
            }, parseBound, how);
        }

        run.Report();
        Assert.True(run.Rejected > MutantsPerModel / 4, $"only {run.Rejected} of {MutantsPerModel} mutants were refused; the mutations miss the structure");
    }

    /// <summary>
    /// The network's parameters and gradients, its state, and a two-sample prediction's input, output and workspace
    /// (a residual block's inner layers included).
    /// </summary>
    private static long NetworkBound(Network network)
    {
        long widths = network.Inputs;
        int layers = 0;
        foreach (var layer in network.Layers)
        {
            widths += layer.Outputs;
            layers += 1 + layer.Children.Count;
            foreach (var child in layer.Children)
            {
                widths += child.Outputs;
            }
        }

        return (2L * network.Parameters.Length * sizeof(float)) + (network.State.Length * sizeof(float)) + (4L * LoadedModelExercise.PredictionBatch * widths * sizeof(float)) + (layers * 512L);
    }

    private static (byte[] Mutant, string How) Mutate(byte[] original, List<(int Offset, int Size)> lengthFields, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        int at = random.Next(bytes.Length);
        switch (random.Next(7))
        {
            case 0:
                bytes[at] = (byte)random.Next(256);
                return (bytes, $"byte {at} set");
            case 1:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return (bytes, $"bit flip at {at}");
            case 2:
                return (original[..at], $"truncated to {at}");
            case 3:
                byte[] inserted = new byte[random.Next(1, 9)];
                random.NextBytes(inserted);
                return ([.. original.AsSpan(0, at), .. inserted, .. original.AsSpan(at)], $"{inserted.Length} bytes inserted at {at}");
            case 4:
                int length = Math.Min(random.Next(1, 64), bytes.Length - at);
                return ([.. original.AsSpan(0, at + length), .. original.AsSpan(at)], $"{length} bytes duplicated at {at}");
            case 5:
                return (Splice(original, at, random.Next(1, 3), Varint(RandomValue(random, 0))), $"random varint at {at}");
            default:
                (int offset, int size) = lengthFields[random.Next(lengthFields.Count)];
                ulong old = ReadVarint(original, offset);
                ulong value = RandomValue(random, old);
                return (Splice(original, offset, size, Varint(value)), $"length at {offset} {old} -> {value}");
        }
    }

    /// <summary>A length near the old one (off by one, doubled, zero) or anywhere up to 2^63.</summary>
    private static ulong RandomValue(Random random, ulong old) => random.Next(6) switch
    {
        0 => old + 1,
        1 => old == 0 ? 0 : old - 1,
        2 => old * 2,
        3 => 0,
        4 => (ulong)random.Next(),
        _ => (ulong)random.NextInt64(long.MaxValue),
    };

    private static byte[] Splice(byte[] original, int at, int removed, byte[] inserted)
    {
        removed = Math.Min(removed, original.Length - at);
        return [.. original.AsSpan(0, at), .. inserted, .. original.AsSpan(at + removed)];
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte low = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static ulong ReadVarint(byte[] bytes, int at)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64 && at < bytes.Length; shift += 7, at++)
        {
            value |= (ulong)(bytes[at] & 0x7F) << shift;
            if ((bytes[at] & 0x80) == 0)
            {
                break;
            }
        }

        return value;
    }

    /// <summary>Walks protobuf fields, recording each length-delimited field's length varint (offset, size), recursing into payloads that parse as messages.</summary>
    private static void CollectLengthFields(ReadOnlySpan<byte> data, int baseOffset, int depth, List<(int Offset, int Size)> found)
    {
        int at = 0;
        while (at < data.Length)
        {
            if (!TryReadVarint(data, ref at, out ulong tag))
            {
                return;
            }

            switch (tag & 7)
            {
                case 0:
                    if (!TryReadVarint(data, ref at, out _))
                    {
                        return;
                    }

                    break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    int lengthAt = at;
                    if (!TryReadVarint(data, ref at, out ulong length) || length > (ulong)(data.Length - at))
                    {
                        return;
                    }

                    found.Add((baseOffset + lengthAt, at - lengthAt));
                    if (depth < 6)
                    {
                        CollectLengthFields(data.Slice(at, (int)length), baseOffset + at, depth + 1, found);
                    }

                    at += (int)length;
                    break;
                default:
                    return;
            }
        }
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && at < data.Length; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
