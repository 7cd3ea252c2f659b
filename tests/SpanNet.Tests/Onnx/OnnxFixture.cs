using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace SpanNet.Tests.Onnx;

/// <summary>
/// A committed fixture of tests/fixtures/onnx: the model's path and the framework's outputs for fixed inputs, read
/// from NAME.expected.bin (the format make_fixtures.py documents: "SNXP", case count, then per case batch, inputs,
/// outputs and the float32 input and output rows).
/// </summary>
internal sealed class OnnxFixture
{
    private OnnxFixture(string name, string folder, IReadOnlyList<ExpectedCase> cases)
    {
        Name = name;
        Folder = folder;
        Cases = cases;
    }

    /// <summary>The folder of issue #17's layer-pattern fixtures (make_layer_fixtures.py), beside <c>onnx</c>.</summary>
    public const string LayersFolder = "onnx-layers";

    /// <summary>Every model make_fixtures.py writes.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "relu_784_100_10_opset9", "relu_784_100_10_opset11", "relu_784_100_10_opset13", "relu_784_100_10_opset17",
        "relu_fixed_batch_opset13", "softmax_opset11", "softmax_opset13", "logsoftmax_opset9", "logsoftmax_opset17",
        "sigmoid_opset13", "tanh_opset11", "leakyrelu_opset17", "nobias_opset13", "dropout_eval_opset13",
        "flatten_opset11", "reshape_opset17", "finetune_784_32_10_opset13", "keras_style_opset13", "gemm_variants_opset11",
        "elu_opset13", "elu_opset17",
    ];

    /// <summary>Every layer-pattern fixture with expected outputs, as names.txt lists them.</summary>
    public static IReadOnlyList<string> LayerNames => Array.FindAll(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", LayersFolder, "names.txt")), line => line.Length > 0);

    public string Name { get; }

    /// <summary>The fixture's folder under <c>fixtures/</c>.</summary>
    public string Folder { get; }

    public string ModelPath => Path.Combine(AppContext.BaseDirectory, "fixtures", Folder, Name + ".onnx");

    public IReadOnlyList<ExpectedCase> Cases { get; }

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", file);

    public static string LayerPathOf(string file) => Path.Combine(AppContext.BaseDirectory, "fixtures", LayersFolder, file);

    public static OnnxFixture Load(string name, string folder = "onnx")
    {
        ReadOnlySpan<byte> bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", folder, name + ".expected.bin"));
        if (!bytes[..4].SequenceEqual("SNXP"u8))
        {
            throw new InvalidDataException($"{name}.expected.bin does not start with SNXP.");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var cases = new List<ExpectedCase>(count);
        int at = 8;
        for (int c = 0; c < count; c++)
        {
            int batch = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            int inputs = BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]);
            int outputs = BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 8)..]);
            at += 12;
            float[] input = ReadFloats(bytes, ref at, batch * inputs);
            float[] output = ReadFloats(bytes, ref at, batch * outputs);
            cases.Add(new ExpectedCase(batch, inputs, outputs, input, output));
        }

        if (at != bytes.Length)
        {
            throw new InvalidDataException($"{name}.expected.bin has {bytes.Length - at} bytes after its last case.");
        }

        return new OnnxFixture(name, folder, cases);
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes, ref int at, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++, at += sizeof(float))
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
        }

        return values;
    }
}
