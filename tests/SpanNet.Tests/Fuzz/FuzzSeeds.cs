using System;
using System.Buffers.Binary;
using System.Linq;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Cli;
using SpanNet.Tests.IO;

namespace SpanNet.Tests.Fuzz;

/// <summary>
/// The well-formed files the fuzzers start from, and the repairs that let a mutation get past a checksum to the checks
/// behind it. One home for both fuzzers: the test suite's deterministic runs and the AFL harness in
/// <c>tests/SpanNet.Fuzz</c>, which compiles this file too.
/// </summary>
internal static class FuzzSeeds
{
    /// <summary>
    /// Model files of every layer kind, loss and flag: dense with and without bias, each activation with and without α
    /// and β, softmax, batch and layer norm with and without γ and β, dropout, both fixed maps, PReLU, a residual block
    /// with and without an activation; and the first of them in the version 2 layout.
    /// </summary>
    public static byte[][] ModelFiles()
    {
        Network[] networks =
        [
            new NetworkBuilder(4).Dense(3, Activation.Relu).Dense(2).Build(seed: 1),
            new NetworkBuilder(3).Dense(4, Activation.LeakyRelu, alpha: 0.1f).Dense(2, Activation.Sigmoid, bias: false).Loss(new BinaryCrossEntropyLoss()).Build(seed: 2),
            new NetworkBuilder(3).Dense(3, Activation.Tanh).Dense(2).Activate(Activation.Softmax).Loss(new CrossEntropyLoss()).Build(seed: 3),
            new NetworkBuilder(2).Dense(2, Activation.Step).Dense(2).Loss(new SquaredErrorLoss()).Build(seed: 4),
            new NetworkBuilder(3).Dense(4).BatchNorm().Activate(Activation.Gelu).Dropout(0.25f).Dense(2, Activation.Softplus, alpha: 2f, beta: 10f).Build(seed: 5),
            new NetworkBuilder(3).Standardize([1f, 2f, 3f], [0.5f, 1f, 2f]).Residual(b => b.Dense(4, Activation.Silu).LayerNorm(affine: false).Dense(3), Activation.Clip, -1f, 2f)
                .PRelu().Affine([2f, 1f, 0.5f], [0f, 1f, -1f]).Residual(b => b.Dense(3).BatchNorm(affine: false)).Dense(2, Activation.HardSigmoid).Build(seed: 6),
        ];
        byte[][] seeds = [.. networks.Select(ModelFile.Serialize), ModelBytes.AsVersion2(ModelFile.Serialize(networks[0]))];
        foreach (Network network in networks)
        {
            network.Dispose();
        }

        return seeds;
    }

    /// <summary>A 3-image 4 × 5 IDX image file.</summary>
    public static byte[] IdxImages() => IdxWriter.Images(3, 4, 5, IdxWriter.Pixels(60, seed: 21));

    /// <summary>A 5-label IDX label file.</summary>
    public static byte[] IdxLabels() => IdxWriter.Labels([3, 1, 4, 1, 5]);

    /// <summary>Small PNGs of every 8-bit colour type the decoder reads (gray, RGB, gray + alpha, RGBA), all five filters between them.</summary>
    public static byte[][] Pngs() =>
    [
        PngWriter.Gray(6, 5, Pattern(30)),
        PngWriter.Encode(4, 3, colorType: 2, bytesPerPixel: 3, Pattern(36)),
        PngWriter.Encode(3, 3, colorType: 4, bytesPerPixel: 2, Pattern(18)),
        PngWriter.Encode(5, 2, colorType: 6, bytesPerPixel: 4, Pattern(40)),
    ];

    /// <summary>Binary (P5) and plain (P2) graymaps, one with a maxval over 255.</summary>
    public static byte[][] Pgms() =>
    [
        PgmWriter.Binary(6, 5, Pattern(30)),
        PgmWriter.Ascii(4, 3, 1000, [0, 1, 2, 3, 500, 999, 1000, 7, 8, 9, 10, 11]),
        PgmWriter.Ascii(2, 2, 255, [0, 255, 128, 64]),
    ];

    /// <summary>The ONNX fixtures small enough to mutate by the thousand; between them every operator the importer maps.</summary>
    public static readonly string[] OnnxFixtures = ["gemm_variants_opset11", "tanh_opset11", "nobias_opset13", "reshape_opset17"];

    /// <summary>
    /// Issue #17's layer-pattern fixtures (tests/fixtures/onnx-layers) among the seeds: GELU's tanh form, HardSwish as
    /// x·HardSigmoid(x), Softplus(βx)/β, Clip with a missing bound, BatchNorm through Identity nodes, LayerNorm's
    /// decomposition, Transpose before MatMul and two residual blocks.
    /// </summary>
    public static readonly string[] OnnxLayerFixtures =
    [
        "gelu_tanh_opset13", "hardswish_opset11", "softplus_beta2_opset11", "clip_no_max_opset11", "batchnorm_dedup_opset13",
        "layernorm_opset11", "transpose_matmul_opset17", "combo_residual_two_opset13",
    ];

    /// <summary>Recomputes the trailing SHA-256 of a model file, so a mutated payload reaches the field checks.</summary>
    public static void RepairModelChecksum(byte[] model) => ModelBytes.Rehash(model);

    /// <summary>Recomputes the CRC of every PNG chunk whose length still fits in the file.</summary>
    public static void RepairPngChunkCrcs(byte[] png)
    {
        int at = 8;
        while (at + 12 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (length < 0 || length > png.Length - at - 12)
            {
                return;
            }

            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at + 8 + length), Crc32.Compute(png.AsSpan(at + 4, 4 + length)));
            at += 12 + length;
        }
    }

    /// <summary>Deterministic bytes covering the range, so every filter predicts something non-trivial.</summary>
    private static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 37) + 11);
        }

        return bytes;
    }
}
