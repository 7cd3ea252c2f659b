using System;
using System.IO;
using Google.Protobuf;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx.Import;
using SpanNet.Onnx.Protobuf;

namespace SpanNet.Onnx;

/// <summary>
/// Reads an ONNX model of a multilayer perceptron, as <c>torch.onnx.export</c>, tf2onnx or SpanNet's own
/// <see cref="OnnxExporter"/> write it, into a trainable <see cref="Network"/> that predicts what the graph outputs.
/// </summary>
/// <remarks>
/// <para>
/// Supported: opsets <see cref="MinOpset"/> to <see cref="MaxOpset"/> of the default domain; one float32 input
/// [N, features] or [N, d1, …, dk] (batch symbolic or fixed, the other dims fixed) and one output. The graph is read
/// as a DAG and walked from the input: <c>Gemm</c> (transA = 0, transB 0 or 1, alpha, beta, C of shape [M], [1, M] or
/// one value, or no C) and <c>MatMul</c> with constant weights (or a <c>Transpose</c> of constant weights), a
/// constant <c>Add</c>, <c>Sub</c>, <c>Mul</c> or <c>Div</c> right after either folded into its bias and weights; <c>Relu</c>, <c>LeakyRelu</c>, <c>Sigmoid</c>,
/// <c>Tanh</c>, <c>Elu</c>, <c>HardSwish</c>, <c>HardSigmoid</c>, <c>Softplus</c>, <c>Gelu</c>, <c>Clip</c> and
/// <c>PRelu</c>; the element-wise forms exporters write for GELU (erf and tanh), SiLU, HardSwish and softplus with
/// β ≠ 1; inference-mode <c>BatchNormalization</c>, <c>LayerNormalization</c> and LayerNorm's ReduceMean
/// decomposition; <c>Sub</c>, <c>Div</c>, <c>Mul</c> and <c>Add</c> by constants as one folded fixed map
/// (<see cref="Standardize"/>); residual sums <c>x + f(x)</c> as <see cref="ResidualBlock"/>s; <c>Flatten</c>
/// (axis 1), <c>Reshape</c> to [N, −1] by a constant shape, <c>Identity</c>, <c>Dropout</c> in inference mode, and a
/// final <c>Softmax</c> or <c>LogSoftmax</c> over axis 1 or −1; weights as initializers (<c>raw_data</c> or
/// <c>float_data</c>, also when listed as graph inputs), <c>Constant</c> nodes or <c>Identity</c> nodes of either.
/// Tensors stored outside the model (<c>data_location = EXTERNAL</c>) are not supported.
/// </para>
/// <para>
/// A final <c>Softmax</c> or <c>LogSoftmax</c> is not a layer: it becomes the network's
/// <see cref="Network.PredictionOutput"/>, so predictions are exactly the graph's output while training works on the
/// logits before it. The default loss is <see cref="SoftmaxCrossEntropyLoss"/>, the classifier's loss on logits.
/// </para>
/// <para>
/// The whole model is checked before the network is allocated, and every problem is one
/// <see cref="OnnxImportException"/> naming the node (name and operator) or tensor at fault and what is supported.
/// Limits: a model of at most <see cref="MaxModelBytes"/> bytes, at most <see cref="MaxParameters"/> parameters, at
/// most <see cref="MaxLayers"/> layers, at most <see cref="MaxWidth"/> features in any layer and at most
/// <see cref="MaxActivationsPerSample"/> activations a sample. These are the model file's limits, so every imported
/// network can be saved with <see cref="ModelFile"/> and loaded back.
/// </para>
/// </remarks>
public static class OnnxImporter
{
    /// <summary>The lowest default-domain opset imported.</summary>
    public const int MinOpset = 9;

    /// <summary>The highest default-domain opset imported.</summary>
    public const int MaxOpset = 21;

    /// <summary>The largest model file read, in bytes (1 GiB).</summary>
    public const long MaxModelBytes = 1L << 30;

    /// <summary>The most parameters (weights and biases) a network may have: 2^28, 1 GiB of float32.</summary>
    public const int MaxParameters = Network.MaxParameters;

    /// <summary>The most layers (dense and activation) a network may have, as in a model file.</summary>
    public const int MaxLayers = ModelFile.MaxLayers;

    /// <summary>The most features per sample at any point of the graph (2^20), as in a model file.</summary>
    public const int MaxWidth = ModelFile.MaxWidth;

    /// <summary>
    /// The most activations one sample may produce, the input's features plus every layer's width (2^22), as in a
    /// model file: activation layers have no parameters, so the parameter limit alone would not bound a workspace.
    /// </summary>
    public const int MaxActivationsPerSample = ModelFile.MaxActivationsPerSample;

    private const string StreamSource = "(stream)";

    /// <summary>Imports the ONNX model file at <paramref name="path"/>, trained by softmax cross-entropy on its logits.</summary>
    /// <param name="path">An <c>.onnx</c> file.</param>
    /// <returns>A new network; dispose it to release its buffers.</returns>
    /// <exception cref="OnnxImportException">The file is not a valid ONNX model, or not one SpanNet imports.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static Network Import(string path) => Import(path, new SoftmaxCrossEntropyLoss());

    /// <summary>Imports the ONNX model file at <paramref name="path"/>, to be trained with <paramref name="loss"/>.</summary>
    /// <param name="path">An <c>.onnx</c> file.</param>
    /// <param name="loss">The loss the network trains against (on the scores before a final Softmax or LogSoftmax).</param>
    /// <returns>A new network; dispose it to release its buffers.</returns>
    /// <exception cref="OnnxImportException">The file is not a valid ONNX model, or not one SpanNet imports.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static Network Import(string path, LossFunction loss)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(loss);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Import(ReadBounded(stream, path), path, loss);
    }

    /// <summary>Imports an ONNX model from <paramref name="source"/> (read to its end, left open), trained by softmax cross-entropy.</summary>
    /// <param name="source">A readable stream holding a serialized <c>onnx.ModelProto</c>.</param>
    /// <returns>A new network; dispose it to release its buffers.</returns>
    /// <exception cref="OnnxImportException">The bytes are not a valid ONNX model, or not one SpanNet imports.</exception>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public static Network Import(Stream source) => Import(source, new SoftmaxCrossEntropyLoss());

    /// <summary>Imports an ONNX model from <paramref name="source"/> (read to its end, left open), to be trained with <paramref name="loss"/>.</summary>
    /// <param name="source">A readable stream holding a serialized <c>onnx.ModelProto</c>.</param>
    /// <param name="loss">The loss the network trains against (on the scores before a final Softmax or LogSoftmax).</param>
    /// <returns>A new network; dispose it to release its buffers.</returns>
    /// <exception cref="OnnxImportException">The bytes are not a valid ONNX model, or not one SpanNet imports.</exception>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public static Network Import(Stream source, LossFunction loss)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(loss);
        return Import(ReadBounded(source, StreamSource), StreamSource, loss);
    }

    private static Network Import(byte[] bytes, string source, LossFunction loss)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.WithDiscardUnknownFields(true).ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException($"ONNX model '{source}' is not a valid ONNX protobuf file (truncated, damaged or another format): {e.Message}", e);
        }

        ImportPlan plan = GraphPlanner.Plan(model, source);
        return Build(plan, loss);
    }

    /// <summary>Reads the rest of <paramref name="stream"/>, refusing more than <see cref="MaxModelBytes"/> before holding them.</summary>
    private static byte[] ReadBounded(Stream stream, string source)
    {
        if (stream.CanSeek)
        {
            long remaining = Math.Max(0, stream.Length - stream.Position);
            if (remaining > MaxModelBytes)
            {
                throw TooLarge(source);
            }

            byte[] bytes = new byte[remaining];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var copy = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (copy.Length + read > MaxModelBytes)
            {
                throw TooLarge(source);
            }

            copy.Write(chunk, 0, read);
        }

        return copy.ToArray();
    }

    private static OnnxImportException TooLarge(string source) =>
        new($"ONNX model '{source}' is larger than {MaxModelBytes} bytes, SpanNet's limit for an imported model.");

    /// <summary>Builds the planned network through the builder and copies the checked parameters and state in.</summary>
    private static Network Build(ImportPlan plan, LossFunction loss)
    {
        var builder = new NetworkBuilder(plan.Inputs);
        foreach (PlannedLayer layer in plan.Layers)
        {
            layer.AddTo(builder);
        }

        // Every parameter and every float of state belongs to a planned layer, which writes it below.
        Network network = builder.Loss(loss).Predicting(plan.Prediction).BuildWithoutInitialization();
        for (int i = 0; i < plan.Layers.Count; i++)
        {
            plan.Layers[i].WriteValues(network.Layers[i], network.LayerParameters(i), network.LayerState(i));
        }

        return network;
    }
}
