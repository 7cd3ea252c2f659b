using System;
using System.Globalization;
using System.IO;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training.Optimizers;

namespace SpanNet.Cli.Demo;

/// <summary>
/// The worked backpropagation example: a 2-2-2 sigmoid network without biases, one SGD step, every intermediate value
/// printed under the tutorial's names. The derivatives are the network's own gradients
/// (<see cref="Network.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Workspace)"/>), printed beside the
/// chain-rule factors they multiply out to, and the new weights are what <see cref="Sgd"/> writes.
/// </summary>
internal static class BackpropagationDemo
{
    private const float LearningRate = 0.5f;
    private const int HiddenLayer = 0;
    private const int OutputLayer = 2;

    private static readonly float[] X = [0.1f, 0.2f];
    private static readonly float[] T = [0.4f, 0.6f];

    /// <summary>W1..W8 as the tutorial numbers them: W1, W2 feed h1; W3, W4 feed h2; W5, W6 feed o1; W7, W8 feed o2.</summary>
    private static readonly float[] TutorialWeights = [0.3f, 0.25f, 0.4f, 0.35f, 0.45f, 0.4f, 0.7f, 0.6f];

    public static void Write(TextWriter output)
    {
        DemoSection.Title(output, "3. Backpropagation by hand: 2-2-2 sigmoid network, E = ½Σ(o − t)², one SGD step with lr 0.5");
        using Network network = new NetworkBuilder(2)
            .Dense(2, Activation.Sigmoid, bias: false)
            .Dense(2, Activation.Sigmoid, bias: false)
            .Loss(new SquaredErrorLoss(SquaredErrorConvention.HalfSum))
            .Build();
        for (int w = 1; w <= 8; w++)
        {
            Set(network, w, TutorialWeights[w - 1]);
        }

        using Workspace workspace = network.CreateWorkspace(1);
        output.WriteLine(Line($"inputs  x1 = {X[0]}, x2 = {X[1]}        targets  t1 = {T[0]}, t2 = {T[1]}"));
        output.WriteLine(Line($"weights w1 = {W(network, 1)}, w2 = {W(network, 2)}, w3 = {W(network, 3)}, w4 = {W(network, 4)}  (input → hidden: z_h1 = w1·x1 + w2·x2, z_h2 = w3·x1 + w4·x2)"));
        output.WriteLine(Line($"        w5 = {W(network, 5)}, w6 = {W(network, 6)}, w7 = {W(network, 7)}, w8 = {W(network, 8)}  (hidden → output: z_o1 = w5·h1 + w6·h2, z_o2 = w7·h1 + w8·h2)"));

        // The hidden values come from the same kernels the network runs, on the network's own weights.
        float[] zHidden = new float[2], h = new float[2], zOutput = new float[2];
        Gemm.MultiplyAdd(X, network.Weights(HiddenLayer), zHidden, m: 1, n: 2, k: 2);
        Activations.Sigmoid(zHidden, h);
        Gemm.MultiplyAdd(h, network.Weights(OutputLayer), zOutput, m: 1, n: 2, k: 2);
        float[] o = network.Forward(X, 1, workspace).ToArray();
        float loss = network.ComputeLoss(X, T, 1, workspace);

        output.WriteLine();
        output.WriteLine("forward pass (z is the tutorial's net input \"net\", h and o its outputs \"out\"; σ(z) = 1/(1 + e^−z)).");
        output.WriteLine("The network computes in float32, so an 8th decimal may differ by a unit or two from the tutorial's double-precision printout.");
        output.WriteLine(Line($"  z_h1 = w1·x1 + w2·x2 = {N(zHidden[0])}    h1 = σ(z_h1) = {N(h[0])}"));
        output.WriteLine(Line($"  z_h2 = w3·x1 + w4·x2 = {N(zHidden[1])}    h2 = σ(z_h2) = {N(h[1])}"));
        output.WriteLine(Line($"  z_o1 = w5·h1 + w6·h2 = {N(zOutput[0])}    o1 = σ(z_o1) = {N(o[0])}"));
        output.WriteLine(Line($"  z_o2 = w7·h1 + w8·h2 = {N(zOutput[1])}    o2 = σ(z_o2) = {N(o[1])}"));
        output.WriteLine(Line($"  E = ½(o1 − t1)² + ½(o2 − t2)² = {N(0.5f * (o[0] - T[0]) * (o[0] - T[0]))} + {N(0.5f * (o[1] - T[1]) * (o[1] - T[1]))} = {N(loss)}"));

        network.ComputeGradients(X, T, 1, workspace);
        float[] gradients = new float[9];
        for (int w = 1; w <= 8; w++)
        {
            gradients[w] = Gradient(network, w);
        }

        // δ = ∂E/∂z at each output: (o − t)·σ'(z), with σ'(z) = o(1 − o).
        float[] deltaOutput = [(o[0] - T[0]) * o[0] * (1 - o[0]), (o[1] - T[1]) * o[1] * (1 - o[1])];
        output.WriteLine();
        output.WriteLine("backward pass: the network's gradients, each shown as the chain-rule product it equals");
        output.WriteLine(Line($"  δo1 = ∂E/∂z_o1 = (o1 − t1)·o1(1 − o1) = {N(o[0] - T[0])} · {N(o[0] * (1 - o[0]))} = {N(deltaOutput[0])}"));
        output.WriteLine(Line($"  δo2 = ∂E/∂z_o2 = (o2 − t2)·o2(1 − o2) = {N(o[1] - T[1])} · {N(o[1] * (1 - o[1]))} = {N(deltaOutput[1])}"));
        output.WriteLine(Line($"  ∂E/∂w5 = δo1·h1 = {N(deltaOutput[0])} · {N(h[0])} = {N(gradients[5])}"));
        output.WriteLine(Line($"  ∂E/∂w6 = δo1·h2 = {N(deltaOutput[0])} · {N(h[1])} = {N(gradients[6])}"));
        output.WriteLine(Line($"  ∂E/∂w7 = δo2·h1 = {N(deltaOutput[1])} · {N(h[0])} = {N(gradients[7])}"));
        output.WriteLine(Line($"  ∂E/∂w8 = δo2·h2 = {N(deltaOutput[1])} · {N(h[1])} = {N(gradients[8])}"));
        float[] backToHidden = [(deltaOutput[0] * W(network, 5)) + (deltaOutput[1] * W(network, 7)), (deltaOutput[0] * W(network, 6)) + (deltaOutput[1] * W(network, 8))];
        float[] deltaHidden = [backToHidden[0] * h[0] * (1 - h[0]), backToHidden[1] * h[1] * (1 - h[1])];
        output.WriteLine(Line($"  δh1 = ∂E/∂z_h1 = (δo1·w5 + δo2·w7)·h1(1 − h1) = {N(backToHidden[0])} · {N(h[0] * (1 - h[0]))} = {N(deltaHidden[0])}"));
        output.WriteLine(Line($"  δh2 = ∂E/∂z_h2 = (δo1·w6 + δo2·w8)·h2(1 − h2) = {N(backToHidden[1])} · {N(h[1] * (1 - h[1]))} = {N(deltaHidden[1])}"));
        output.WriteLine(Line($"  ∂E/∂w1 = δh1·x1 = {N(deltaHidden[0])} · {X[0]} = {N(gradients[1])}"));
        output.WriteLine(Line($"  ∂E/∂w2 = δh1·x2 = {N(deltaHidden[0])} · {X[1]} = {N(gradients[2])}"));
        output.WriteLine(Line($"  ∂E/∂w3 = δh2·x1 = {N(deltaHidden[1])} · {X[0]} = {N(gradients[3])}"));
        output.WriteLine(Line($"  ∂E/∂w4 = δh2·x2 = {N(deltaHidden[1])} · {X[1]} = {N(gradients[4])}"));

        float[] before = new float[9];
        for (int w = 1; w <= 8; w++)
        {
            before[w] = W(network, w);
        }

        using var sgd = new Sgd(network.Parameters.Length, LearningRate);
        sgd.Step(network.Parameters.Values, network.Parameters.Gradients);
        output.WriteLine();
        output.WriteLine(Line($"update: w ← w − η·∂E/∂w with η = {LearningRate} (all eight from the gradients above, computed before any weight changed)"));
        for (int w = 5; w <= 8; w++)
        {
            output.WriteLine(Line($"  w{w}⁺ = {before[w]} − {LearningRate} · {N(gradients[w])} = {N(W(network, w))}"));
        }

        for (int w = 1; w <= 4; w++)
        {
            output.WriteLine(Line($"  w{w}⁺ = {before[w]} − {LearningRate} · {N(gradients[w])} = {N(W(network, w))}"));
        }

        float after = network.ComputeLoss(X, T, 1, workspace);
        output.WriteLine(Line($"E after the step = {N(after)} (was {N(loss)}): the step went downhill."));
    }

    /// <summary>Where tutorial weight w<paramref name="number"/> lives: its layer and its index in the [inputs, outputs] matrix.</summary>
    private static (int Layer, int Index) Locate(int number)
    {
        int layer = number <= 4 ? HiddenLayer : OutputLayer;
        int local = (number - 1) % 4;

        // Tutorial order is (unit, input): w1 = (unit 1, input 1), w2 = (unit 1, input 2), ...; storage is [input, unit].
        int unit = local / 2, input = local % 2;
        return (layer, (input * 2) + unit);
    }

    private static float W(Network network, int number)
    {
        (int layer, int index) = Locate(number);
        return network.Weights(layer)[index];
    }

    private static void Set(Network network, int number, float value)
    {
        (int layer, int index) = Locate(number);
        network.Weights(layer)[index] = value;
    }

    private static float Gradient(Network network, int number)
    {
        (int layer, int index) = Locate(number);
        return network.LayerGradients(layer)[index];
    }

    private static string N(float value) => value.ToString("F8", CultureInfo.InvariantCulture);

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
