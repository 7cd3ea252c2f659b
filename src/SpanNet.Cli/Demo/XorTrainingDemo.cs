using System;
using System.Globalization;
using System.IO;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Cli.Demo;

/// <summary>XOR learned rather than wired: a 2-4-1 network (tanh hidden, sigmoid out) trained by gradient descent.</summary>
internal static class XorTrainingDemo
{
    private const int Seed = 42;
    private const int Epochs = 2000;
    private const int ReportEvery = 250;
    private const float LearningRate = 0.5f;

    private static readonly float[] Inputs = [0, 0, 1, 0, 0, 1, 1, 1];
    private static readonly float[] Targets = [0, 1, 1, 0];

    public static void Write(TextWriter output)
    {
        DemoSection.Title(output, "2. XOR learned by a 2-4-1 network (tanh, sigmoid out, ½Σ(o − t)², SGD lr 0.5, full batch)");
        using Network network = new NetworkBuilder(2)
            .Dense(4, Activation.Tanh)
            .Dense(1, Activation.Sigmoid)
            .Loss(new SquaredErrorLoss(SquaredErrorConvention.HalfSum))
            .Build(Seed);
        using var optimizer = new Sgd(network.Parameters.Length, LearningRate);
        using Workspace workspace = network.CreateWorkspace(Targets.Length);
        output.Write("epoch  loss:");
        for (int epoch = 0; epoch <= Epochs; epoch++)
        {
            if (epoch % ReportEvery == 0)
            {
                float loss = network.ComputeLoss(Inputs, Targets, Targets.Length, workspace);
                output.Write(string.Create(CultureInfo.InvariantCulture, $"  {epoch} {loss:F4}"));
            }

            if (epoch < Epochs)
            {
                network.TrainStep(Inputs, Targets, Targets.Length, optimizer, workspace);
            }
        }

        output.WriteLine();
        output.WriteLine("x1  x2  │  target  output  │  rounded");
        float[] outputs = new float[Targets.Length];
        network.Predict(Inputs, outputs, Targets.Length, workspace);
        for (int i = 0; i < Targets.Length; i++)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Inputs[2 * i],2}  {Inputs[(2 * i) + 1],2}  │  {Targets[i],6}  {outputs[i],6:F4}  │  {MathF.Round(outputs[i]),7}"));
        }
    }
}
