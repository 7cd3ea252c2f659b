using System;
using System.Collections.Generic;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// The table of element-wise activations: one <see cref="ActivationDescriptor"/> each. Adding an activation means a
/// kernel file in <c>Kernels/</c>, a value of <see cref="Activation"/> and one row here.
/// </summary>
/// <remarks>
/// The rows run the kernels' operator passes (<c>ElementWise.Apply</c>) without the public kernels' guards: a layer's
/// spans are its slices of the network's buffers, whose shapes the network checked once for the batch, and its
/// arguments were checked when the layer was made (<see cref="ActivationDescriptor.CheckArguments"/>).
/// </remarks>
public static class ActivationDescriptors
{
    private const float HeGain = 2f;
    private const float XavierGain = 1f;

    /// <summary>ONNX's TensorProto.DataType code of float32.</summary>
    private const long OnnxFloatType = 1;

    private static readonly ActivationDescriptor[] Table =
    [
        new(Activation.Relu, "relu", 2, "Relu", None, None, HeGain,
            static (x, _, _, y) => ElementWise.Apply<ReluOperator>(x, y),
            static (dy, _, y, _, _, dx) => ElementWise.Apply<ReluBackwardOperator>(dy, y, dx),
            static (x, _, _) => Math.Max(x, 0)),
        new(Activation.LeakyRelu, "leaky-relu", 3, "LeakyRelu", new("alpha", true, 0.01f, 0f, true, 1f, false, "in [0, 1)"), None, HeGain,
            static (x, alpha, _, y) => ElementWise.Apply<LeakyReluOperator>(x, alpha, y),
            static (dy, _, y, alpha, _, dx) => ElementWise.Apply<LeakyReluBackwardOperator>(dy, y, alpha, dx),
            static (x, alpha, _) => x > 0 ? x : alpha * x),
        new(Activation.Sigmoid, "sigmoid", 4, "Sigmoid", None, None, XavierGain,
            static (x, _, _, y) => ElementWise.Apply<SigmoidOperator>(x, y),
            static (dy, _, y, _, _, dx) => ElementWise.Apply<SigmoidBackwardOperator>(dy, y, dx),
            static (x, _, _) => 1 / (1 + Math.Exp(-x))),
        new(Activation.Tanh, "tanh", 5, "Tanh", None, None, XavierGain,
            static (x, _, _, y) => ElementWise.Apply<TanhOperator>(x, y),
            static (dy, _, y, _, _, dx) => ElementWise.Apply<TanhBackwardOperator>(dy, y, dx),
            static (x, _, _) => Math.Tanh(x)),
        new(Activation.Step, "step", 6, null, None, None, XavierGain,
            static (x, _, _, y) => ElementWise.Apply<StepOperator>(x, y),
            null,
            static (x, _, _) => x > 0 ? 1 : 0,
            WriteStep),
        new(Activation.Elu, "elu", 8, "Elu", new("alpha", true, 1f, 0f, false, float.MaxValue, true, "finite and positive"), None, HeGain,
            static (x, alpha, _, y) => ElementWise.Apply<EluOperator>(x, alpha, y),
            static (dy, _, y, alpha, _, dx) => ElementWise.Apply<EluBackwardOperator>(dy, y, alpha, dx),
            static (x, alpha, _) => x > 0 ? x : alpha * (Math.Exp(x) - 1)),
        new(Activation.Gelu, "gelu", 9, null, None, None, HeGain,
            static (x, _, _, y) => ElementWise.Apply<GeluOperator>(x, y),
            static (dy, x, _, _, _, dx) => ElementWise.Apply<GeluBackwardOperator>(dy, x, dx),
            static (x, _, _) => 0.5 * x * (1 + DoubleErf.Erf(x / Math.Sqrt(2))),
            WriteGelu),
        new(Activation.GeluTanh, "gelu-tanh", 10, null, None, None, HeGain,
            static (x, _, _, y) => ElementWise.Apply<GeluTanhOperator>(x, y),
            static (dy, x, _, _, _, dx) => ElementWise.Apply<GeluTanhBackwardOperator>(dy, x, dx),
            static (x, _, _) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x)))),
            WriteGeluTanh),
        new(Activation.Silu, "silu", 11, null, None, None, HeGain,
            static (x, _, _, y) => ElementWise.Apply<SiluOperator>(x, y),
            static (dy, x, _, _, _, dx) => ElementWise.Apply<SiluBackwardOperator>(dy, x, dx),
            static (x, _, _) => x / (1 + Math.Exp(-x)),
            WriteSilu),
        new(Activation.Softplus, "softplus", 12, null,
            new("beta", true, Activations.SoftplusDefaultBeta, 0f, false, float.MaxValue, true, "finite and positive"),
            new("threshold", true, Activations.SoftplusDefaultThreshold, float.MinValue, true, float.MaxValue, true, "finite"),
            HeGain,
            static (x, beta, threshold, y) => ElementWise.Apply<SoftplusOperator>(x, beta, threshold, y),
            static (dy, x, _, beta, threshold, dx) => ElementWise.Apply<SoftplusBackwardOperator>(dy, x, beta, threshold, dx),
            static (x, beta, threshold) => beta * x > threshold ? x : Math.Log(1 + Math.Exp(beta * x)) / beta,
            WriteSoftplus),
        new(Activation.HardSwish, "hardswish", 13, "HardSwish", None, None, HeGain,
            static (x, _, _, y) => ElementWise.Apply<HardSwishOperator>(x, y),
            static (dy, x, _, _, _, dx) => ElementWise.Apply<HardSwishBackwardOperator>(dy, x, dx),
            static (x, _, _) => x * Math.Clamp(x + 3, 0, 6) / 6),
        new(Activation.HardSigmoid, "hardsigmoid", 14, "HardSigmoid",
            new("alpha", true, Activations.HardSigmoidTorchAlpha, 0f, false, float.MaxValue, true, "finite and positive"),
            new("beta", true, Activations.HardSigmoidTorchBeta, float.MinValue, true, float.MaxValue, true, "finite"),
            XavierGain,
            static (x, alpha, beta, y) => ElementWise.Apply<HardSigmoidOperator>(x, alpha, beta, y),
            static (dy, x, _, alpha, beta, dx) => ElementWise.Apply<HardSigmoidBackwardOperator>(dy, x, alpha, beta, dx),
            static (x, alpha, beta) => Math.Clamp((alpha * x) + beta, 0, 1)),
        new(Activation.Relu6, "relu6", 15, null, None, None, HeGain,
            static (x, _, _, y) => ElementWise.Apply<ClipOperator>(x, 0f, Relu6Maximum, y),
            static (dy, x, _, _, _, dx) => ElementWise.Apply<ClipBackwardOperator>(dy, x, 0f, Relu6Maximum, dx),
            static (x, _, _) => Math.Clamp(x, 0, Relu6Maximum),
            static (graph, name, input, output, _, _) => WriteClip(graph, name, input, output, 0f, Relu6Maximum)),
        new(Activation.Clip, "clip", 16, null,
            new("min", true, -1f, float.MinValue, true, float.MaxValue, true, "finite"),
            new("max", true, 1f, float.MinValue, true, float.MaxValue, true, "finite") { AtLeastAlpha = true },
            XavierGain,
            static (x, min, max, y) => ElementWise.Apply<ClipOperator>(x, min, max, y),
            static (dy, x, _, min, max, dx) => ElementWise.Apply<ClipBackwardOperator>(dy, x, min, max, dx),
            static (x, min, max) => Math.Clamp(x, min, max),
            WriteClip),
    ];

    /// <summary>ReLU6's upper bound.</summary>
    private const float Relu6Maximum = 6f;

    private static ActivationDescriptor.ArgumentRule None => ActivationDescriptor.ArgumentRule.None;

    /// <summary>Every element-wise activation, in the order of <see cref="Activation"/>.</summary>
    public static IReadOnlyList<ActivationDescriptor> All => Table;

    /// <summary>The descriptor of <paramref name="activation"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not an element-wise activation (None, Softmax or unknown).</exception>
    public static ActivationDescriptor For(Activation activation)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.Activation == activation)
            {
                return descriptor;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(activation), activation, $"{activation} is not an element-wise activation.");
    }

    /// <summary>The activation named <paramref name="name"/> (<see cref="ActivationDescriptor.Name"/>), if there is one.</summary>
    public static ActivationDescriptor? FindByName(string name)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.Name == name)
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>The activation ONNX computes with operator <paramref name="onnxOperator"/>, if SpanNet has it.</summary>
    public static ActivationDescriptor? FindByOnnxOperator(string onnxOperator)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.OnnxOperator == onnxOperator)
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>The activation the model file stores as layer code <paramref name="code"/>, if there is one.</summary>
    internal static ActivationDescriptor? FindByModelFileCode(int code)
    {
        foreach (ActivationDescriptor descriptor in Table)
        {
            if (descriptor.ModelFileCode == code)
            {
                return descriptor;
            }
        }

        return null;
    }

    /// <summary>step(x) = x &gt; 0 ? 1 : 0, which ONNX spells as a comparison cast back to float.</summary>
    private static void WriteStep(OnnxGraphWriter graph, string name, string input, string output, float alpha, float beta)
    {
        string zero = graph.Constant(name + ".zero", [0f]);
        string positive = name + ".positive";
        graph.Node("Greater", name + ".greater", [input, zero], positive);
        graph.Node("Cast", name, [positive], output, OnnxAttribute.Int("to", OnnxFloatType));
    }

    /// <summary>GELU as opset 17 writes it (PyTorch's export): <c>((erf(x/√2) + 1)·x)·½</c>.</summary>
    private static void WriteGelu(OnnxGraphWriter graph, string name, string input, string output, float alpha, float beta)
    {
        string root2 = graph.Constant(name + ".sqrt2", [MathF.Sqrt(2f)]);
        string one = graph.Constant(name + ".one", [1f]);
        string half = graph.Constant(name + ".half", [0.5f]);
        graph.Node("Div", name + ".div", [input, root2], name + ".scaled");
        graph.Node("Erf", name + ".erf", [name + ".scaled"], name + ".erf_out");
        graph.Node("Add", name + ".add", [name + ".erf_out", one], name + ".plus1");
        graph.Node("Mul", name + ".mul", [input, name + ".plus1"], name + ".product");
        graph.Node("Mul", name + ".half_mul", [name + ".product", half], output);
    }

    /// <summary>GELU's tanh form: <c>½x·(1 + tanh(√(2/π)·(x + 0.044715x³)))</c>.</summary>
    private static void WriteGeluTanh(OnnxGraphWriter graph, string name, string input, string output, float alpha, float beta)
    {
        string cubic = graph.Constant(name + ".c", [0.044715f]);
        string scale = graph.Constant(name + ".k", [MathF.Sqrt(2f / MathF.PI)]);
        string one = graph.Constant(name + ".one", [1f]);
        string half = graph.Constant(name + ".half", [0.5f]);
        graph.Node("Mul", name + ".square", [input, input], name + ".x2");
        graph.Node("Mul", name + ".cube", [name + ".x2", input], name + ".x3");
        graph.Node("Mul", name + ".cubic", [name + ".x3", cubic], name + ".cx3");
        graph.Node("Add", name + ".inner", [input, name + ".cx3"], name + ".sum");
        graph.Node("Mul", name + ".scale", [name + ".sum", scale], name + ".arg");
        graph.Node("Tanh", name + ".tanh", [name + ".arg"], name + ".t");
        graph.Node("Add", name + ".add", [name + ".t", one], name + ".plus1");
        graph.Node("Mul", name + ".mul", [input, name + ".plus1"], name + ".product");
        graph.Node("Mul", name + ".half_mul", [name + ".product", half], output);
    }

    /// <summary>SiLU as PyTorch writes it: <c>x·σ(x)</c>.</summary>
    private static void WriteSilu(OnnxGraphWriter graph, string name, string input, string output, float alpha, float beta)
    {
        graph.Node("Sigmoid", name + ".sigmoid", [input], name + ".s");
        graph.Node("Mul", name, [input, name + ".s"], output);
    }

    /// <summary>
    /// ONNX's Softplus has no β and no threshold: β = 1 is the operator, another β is <c>Softplus(βx)/β</c> as PyTorch
    /// writes it. Like PyTorch's export, the graph drops the threshold (above it the two differ by less than e^−threshold).
    /// </summary>
    private static void WriteSoftplus(OnnxGraphWriter graph, string name, string input, string output, float beta, float threshold)
    {
        if (beta == 1f)
        {
            graph.Node("Softplus", name, [input], output);
            return;
        }

        string factor = graph.Constant(name + ".beta", [beta]);
        graph.Node("Mul", name + ".mul", [input, factor], name + ".scaled");
        graph.Node("Softplus", name + ".softplus", [name + ".scaled"], name + ".s");
        graph.Node("Div", name + ".div", [name + ".s", factor], output);
    }

    /// <summary>Clip with its bounds as inputs (opset 11 on).</summary>
    private static void WriteClip(OnnxGraphWriter graph, string name, string input, string output, float min, float max)
    {
        string low = graph.Constant(name + ".min", [min]);
        string high = graph.Constant(name + ".max", [max]);
        graph.Node("Clip", name, [input, low, high], output);
    }
}
