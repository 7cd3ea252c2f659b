using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.IO;

/// <summary>
/// Saves and loads a network (architecture, weights and non-trainable state) in SpanNet's model format, version 3
/// (versions 1 and 2, which lack the state block and have 16-byte layer records, are still read). All integers and
/// floats are little-endian:
/// <code>
/// "SPNN"            4 bytes   magic
/// version           int32     3
/// inputs            int32     features per sample
/// record count      int32     layer records, a residual block's inner layers included
/// per record        code int32, outputs int32, flags int32, first float32, second float32, children int32:
///                   what each number means is the kind's own (<see cref="LayerKinds"/>): dense 1 (flags bit 0: bias),
///                   softmax 7, an activation its descriptor's code (2 relu, 3 leaky relu, 4 sigmoid, 5 tanh, 6 step,
///                   8 elu, …; first and second: its α and β), batch norm 20 (bit 0: affine; ε, momentum), layer norm
///                   21 (bit 0: affine; ε), dropout 22 (p), standardize 23 (bit 0: (x − a)/b, else x·a + b), residual
///                   block 24 (flags: the activation after the sum, 0 for none; its α and β; children: how many records
///                   after it are its inner layers), PReLU 25. Unused numbers are +0. Versions 1 and 2 store code,
///                   outputs, flags and α only.
/// loss              int32     LossKind
/// prediction        int32     PredictionOutput (version 2 on; a version 1 file predicts what its loss implies)
/// parameter count   int32
/// state count       int32     (version 3 on)
/// parameters        float32 × count, layer after layer (a dense layer's W [inputs, outputs] then b; γ then β; slopes)
/// state             float32 × state count, layer after layer (running mean then variance; a then b)
/// schema length     int32     0 to MaxInputSchemaBytes (version 3 on; 0: no input schema)
/// input schema      bytes     what turns a raw row into the inputs (a tabular model's preprocessing, stored by
///                   SpanNet.Data); opaque here: the core keeps it and never interprets it
/// SHA-256           32 bytes  of every byte before it
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// Loading checks every field before it allocates anything sized by the file, because a checksum protects against
/// damage, not against a buggy or hostile writer. A file is accepted only if: its length is exactly what its header
/// describes; the checksum matches; inputs are 1 to <see cref="MaxWidth"/>; there are 1 to <see cref="MaxLayers"/>
/// records of known kinds, each layer 1 to <see cref="MaxWidth"/> wide and valid by its kind's own rules (flags,
/// numbers, width kept where the kind keeps it, a block's inner layers present, not nested and chaining back to its
/// width); the inputs plus all layer widths are at most <see cref="MaxActivationsPerSample"/>; the parameters and the
/// state the layers need (computed in checked 64-bit arithmetic) equal the stored counts, at most
/// <see cref="MaxParameters"/> each, and match the bytes present; the loss kind and the prediction output are known;
/// the input schema's length is 0 to <see cref="MaxInputSchemaBytes"/> and matches the bytes present;
/// every number is finite; and each layer's state obeys its kind (no negative running variance, no zero divisor). So
/// memory is bounded by the file itself plus what its validated shape needs, and anything accepted can forward,
/// predict, train (unless it has a Step layer, which has no gradient), be saved again byte for byte and be exported.
/// </para>
/// <para>
/// Saving writes a temporary file named <c>&lt;model&gt;.tmp-&lt;process id&gt;-&lt;random&gt;</c> beside the target and
/// renames it over the target, so a crash never leaves a torn model, and concurrent saves to one path (from threads or
/// processes) all succeed, the last rename winning with one whole file. A process killed between writing and renaming
/// leaves its temporary file behind; the next save to that path deletes temporary files whose process is no longer
/// running.
/// </para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The format version this code writes; it also reads versions 1 and 2.</summary>
    public const int Version = 3;

    /// <summary>The largest input-schema section a model file may hold (16 MiB).</summary>
    public const int MaxInputSchemaBytes = 1 << 24;

    /// <summary>The most layers a model file may hold.</summary>
    public const int MaxLayers = 4096;

    /// <summary>The widest input or layer a model file may describe (2²⁰ features).</summary>
    public const int MaxWidth = 1 << 20;

    /// <summary>The most activations one sample may produce: the inputs plus every layer's width (2²², 16 MiB of floats).</summary>
    public const int MaxActivationsPerSample = 1 << 22;

    /// <summary>The most parameters a model file may hold: as many as a network may have (2²⁸, a 1 GiB file).</summary>
    public const int MaxParameters = Network.MaxParameters;

    private const string TemporaryMarker = ".tmp-";

    /// <summary>Whether <paramref name="head"/> starts with the model format's magic "SPNN": how a file is told to be a SpanNet model.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> head) => head.StartsWith(Magic);

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/>, replacing any file there atomically.</summary>
    /// <exception cref="IOException">The file could not be written; the previous file, if any, is untouched.</exception>
    public static void Save(Network network, string path) => Save(network, path, []);

    /// <summary>
    /// Writes <paramref name="network"/> and an input schema (opaque bytes, e.g. a table's fitted preprocessing) to
    /// <paramref name="path"/>, replacing any file there atomically.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputSchema"/> is longer than <see cref="MaxInputSchemaBytes"/>.</exception>
    /// <exception cref="IOException">The file could not be written; the previous file, if any, is untouched.</exception>
    public static void Save(Network network, string path, ReadOnlySpan<byte> inputSchema)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = Serialize(network, inputSchema);
        string fullPath = Path.GetFullPath(path);
        RemoveStaleTemporaries(fullPath);
        string temporary = string.Create(CultureInfo.InvariantCulture, $"{fullPath}{TemporaryMarker}{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a network from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, altered, of another format or version, or describes a network that cannot exist (see the remarks).</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    public static Network Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Deserialize(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a network and its input schema (empty when the file has none) from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, altered, of another format or version, or describes a network that cannot exist (see the remarks).</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    public static Network Load(string path, out byte[] inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Deserialize(File.ReadAllBytes(path), path, out inputSchema);
    }

    /// <summary>The model's bytes, as <see cref="Save(Network, string)"/> writes them.</summary>
    public static byte[] Serialize(Network network) => Serialize(network, []);

    /// <summary>The model's bytes with an input schema, as <see cref="Save(Network, string, ReadOnlySpan{byte})"/> writes them.</summary>
    /// <exception cref="ArgumentException"><paramref name="inputSchema"/> is longer than <see cref="MaxInputSchemaBytes"/>.</exception>
    public static byte[] Serialize(Network network, ReadOnlySpan<byte> inputSchema)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (inputSchema.Length > MaxInputSchemaBytes)
        {
            throw new ArgumentException($"The input schema is {inputSchema.Length} bytes; a model file holds at most {MaxInputSchemaBytes}.", nameof(inputSchema));
        }

        int count = network.Parameters.Length;
        int stateCount = network.State.Length;
        var records = new List<LayerRecord>(network.Layers.Count);
        foreach (Layer layer in network.Layers)
        {
            records.Add(layer.Record);
            foreach (Layer child in layer.Children)
            {
                records.Add(child.Record);
            }
        }

        byte[] bytes = new byte[checked((int)ModelDescription.FileLength(Version, records.Count, count, stateCount, inputSchema.Length))];
        Span<byte> span = bytes;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], network.Inputs);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], records.Count);
        int at = 16;
        foreach (LayerRecord record in records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], record.Code);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], record.Outputs);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], record.Flags);
            BinaryPrimitives.WriteSingleLittleEndian(span[(at + 12)..], record.First);
            BinaryPrimitives.WriteSingleLittleEndian(span[(at + 16)..], record.Second);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 20)..], record.Children);
            at += ModelDescription.RecordLength(Version);
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[at..], (int)network.Loss.Kind);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], (int)network.PredictionOutput);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], count);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 12)..], stateCount);
        at += ModelDescription.TrailerBytes(Version);
        at = WriteFloats(span, at, network.Parameters.Values);
        at = WriteFloats(span, at, network.State);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], inputSchema.Length);
        at += sizeof(int);
        inputSchema.CopyTo(span[at..]);
        at += inputSchema.Length;
        SHA256.HashData(span[..at], span[at..]);
        return bytes;
    }

    /// <summary>Builds a network from model bytes; <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model (see the remarks for what is checked).</exception>
    public static Network Deserialize(ReadOnlySpan<byte> bytes, string source) => Deserialize(bytes, source, out _);

    /// <summary>Builds a network from model bytes and returns their input schema (empty when they have none); <paramref name="source"/> names them in errors.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model (see the remarks for what is checked).</exception>
    public static Network Deserialize(ReadOnlySpan<byte> bytes, string source, out byte[] inputSchema)
    {
        ModelDescription model = ModelDescription.Parse(bytes, source);
        Network network = NetworkBuilder.FromLayers(model.Inputs, model.Layers, model.Loss, model.Prediction);
        model.CopyParameters(0, network.Parameters.Values);
        model.CopyState(0, network.State);
        inputSchema = model.InputSchema.ToArray();
        return network;
    }

    /// <summary>The input schema of model bytes (empty when they have none), after checking the whole model as <see cref="Deserialize(ReadOnlySpan{byte}, string)"/> does.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model.</exception>
    public static byte[] ReadInputSchema(ReadOnlySpan<byte> bytes, string source) => ModelDescription.Parse(bytes, source).InputSchema.ToArray();

    /// <summary>The four bytes every model file starts with.</summary>
    internal static ReadOnlySpan<byte> Magic => "SPNN"u8;

    internal static InvalidDataException Invalid(string source, string reason) =>
        new($"'{source}' is not a usable SpanNet model: {reason}.");

    private static int WriteFloats(Span<byte> span, int at, ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], value);
            at += sizeof(float);
        }

        return at;
    }

    /// <summary>Deletes <c>&lt;target&gt;.tmp-&lt;pid&gt;-*</c> files left by processes that are no longer running.</summary>
    private static void RemoveStaleTemporaries(string fullPath)
    {
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        string prefix = Path.GetFileName(fullPath) + TemporaryMarker;
        foreach (string candidate in Directory.EnumerateFiles(folder, prefix + "*"))
        {
            ReadOnlySpan<char> rest = Path.GetFileName(candidate.AsSpan())[prefix.Length..];
            // Earlier versions named the temporary file <target>.tmp-<pid>; those are cleaned up the same way.
            int dash = rest.IndexOf('-');
            ReadOnlySpan<char> pidText = dash >= 0 ? rest[..dash] : rest;
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !IsRunning(pid))
            {
                try
                {
                    File.Delete(candidate);
                }
                catch (IOException)
                {
                    // Another save removed it first, or it is not ours to remove; either way the save goes on.
                }
                catch (UnauthorizedAccessException)
                {
                    // Someone else's file in a shared folder: leave it.
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
