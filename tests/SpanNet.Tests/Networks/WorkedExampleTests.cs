using System;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Networks;

/// <summary>The material's worked examples, reproduced to the digits it prints.</summary>
public class WorkedExampleTests
{
    // The tutorials print 8 digits computed in double; float forward passes agree to ~1e-7, one SGD step to ~1e-6.
    private const double EightDigits = 1e-6;

    [Fact]
    public void Two_two_two_sigmoid_network_matches_the_printed_forward_pass_and_one_sgd_step()
    {
        using Network net = new NetworkBuilder(2)
            .Dense(2, Activation.Sigmoid, bias: false)
            .Dense(2, Activation.Sigmoid, bias: false)
            .Loss(new SquaredErrorLoss(SquaredErrorConvention.HalfSum))
            .Build();

        // W1, W2 feed h1 and W3, W4 feed h2; stored [inputs, outputs] that is [[w1, w3], [w2, w4]].
        net.SetWeights(0, [0.3f, 0.4f, 0.25f, 0.35f]);
        net.SetWeights(2, [0.45f, 0.7f, 0.4f, 0.6f]);
        using Workspace ws = net.CreateWorkspace(1);
        float[] x = [0.1f, 0.2f];
        float[] t = [0.4f, 0.6f];

        ReadOnlySpan<float> o = net.Forward(x, 1, ws);
        Assert.Equal(0.60944600, o[0], EightDigits);
        Assert.Equal(0.66384491, o[1], EightDigits);
        float[] hidden = net.Forward(x, 1, ws).ToArray();
        Assert.Equal(0.02397190, net.ComputeLoss(x, t, 1, ws), EightDigits);

        using var sgd = new Sgd(net.Parameters.Length, learningRate: 0.5f);
        net.TrainStep(x, t, 1, sgd, ws);
        float[] w2 = net.Weights(2).ToArray();
        Assert.Equal(0.43703857, w2[0], EightDigits);   // W5
        Assert.Equal(0.38685205, w2[2], EightDigits);   // W6
        Assert.Equal(0.69629578, w2[1], EightDigits);   // W7
        Assert.Equal(0.59624247, w2[3], EightDigits);   // W8
        float[] w1 = net.Weights(0).ToArray();
        Assert.Equal(0.29959556, w1[0], EightDigits);   // W1
        Assert.Equal(0.24919112, w1[2], EightDigits);   // W2
        Assert.Equal(0.39964496, w1[1], EightDigits);   // W3
        Assert.Equal(0.34928991, w1[3], EightDigits);   // W4
        Assert.Equal(0.02323634, net.ComputeLoss(x, t, 1, ws), EightDigits);
        Assert.Equal(2, hidden.Length);
    }

    [Fact]
    public void Hidden_activations_of_the_two_two_two_network_match()
    {
        using Network net = new NetworkBuilder(2).Dense(2, Activation.Sigmoid, bias: false).Loss(new SquaredErrorLoss()).Build();
        net.SetWeights(0, [0.3f, 0.4f, 0.25f, 0.35f]);
        using Workspace ws = net.CreateWorkspace(1);
        ReadOnlySpan<float> h = net.Forward([0.1f, 0.2f], 1, ws);
        Assert.Equal(0.51998934, h[0], EightDigits);
        Assert.Equal(0.52747230, h[1], EightDigits);
    }

    [Fact]
    public void Two_two_one_sigmoid_network_with_squared_error_matches_the_printed_costs()
    {
        using Network net = new NetworkBuilder(2)
            .Dense(2, Activation.Sigmoid, bias: false)
            .Dense(1, Activation.Sigmoid, bias: false)
            .Loss(new SquaredErrorLoss(SquaredErrorConvention.Mean))
            .Build();

        // z1 = x1·w1 + x2·w3, z2 = x1·w2 + x2·w4: stored [inputs, outputs] that is [[w1, w2], [w3, w4]].
        net.SetWeights(0, [0.7f, 0.3f, 0.4f, 0.6f]);
        net.SetWeights(2, [0.55f, 0.45f]);
        using Workspace ws = net.CreateWorkspace(1);
        float[] x = [0.5f, 0.3f];
        float[] target = [1f];
        Assert.Equal(0.6457, net.Forward(x, 1, ws)[0], 4);
        using var sgd = new Sgd(net.Parameters.Length, learningRate: 0.1f);
        Assert.Equal(0.1255, net.TrainStep(x, target, 1, sgd, ws), 4);
        Assert.Equal(0.1236, net.ComputeLoss(x, target, 1, ws), 4);
    }

    [Fact]
    public void Three_layer_forward_pass_with_bias_matches_every_printed_intermediate()
    {
        using Network net = new NetworkBuilder(2)
            .Dense(3, Activation.Sigmoid)
            .Dense(2, Activation.Sigmoid)
            .Dense(2)
            .Loss(new SquaredErrorLoss())
            .Build();
        net.SetWeights(0, [0.1f, 0.3f, 0.5f, 0.2f, 0.4f, 0.6f]);
        net.SetBiases(0, [0.1f, 0.2f, 0.3f]);
        net.SetWeights(2, [0.1f, 0.4f, 0.2f, 0.5f, 0.3f, 0.6f]);
        net.SetBiases(2, [0.1f, 0.2f]);
        net.SetWeights(4, [0.1f, 0.3f, 0.2f, 0.4f]);
        net.SetBiases(4, [0.1f, 0.2f]);
        using Workspace ws = net.CreateWorkspace(1);
        float[] x = [1.0f, 0.5f];

        ReadOnlySpan<float> a3 = net.Forward(x, 1, ws);
        Assert.Equal(0.31682708, a3[0], EightDigits);
        Assert.Equal(0.69627909, a3[1], EightDigits);

        using Network first = new NetworkBuilder(2).Dense(3).Loss(new SquaredErrorLoss()).Build();
        first.SetWeights(0, net.Weights(0));
        first.SetBiases(0, net.Biases(0));
        using Workspace ws1 = first.CreateWorkspace(1);
        ReadOnlySpan<float> a1 = first.Forward(x, 1, ws1);
        Assert.Equal(0.3, a1[0], EightDigits);
        Assert.Equal(0.7, a1[1], EightDigits);
        Assert.Equal(1.1, a1[2], EightDigits);
        float[] z1 = new float[3];
        Activations.Sigmoid(a1, z1);
        Assert.Equal(0.57444252, z1[0], EightDigits);
        Assert.Equal(0.66818777, z1[1], EightDigits);
        Assert.Equal(0.75026011, z1[2], EightDigits);

        float[] a2 = new float[2];
        Gemm.MultiplyAdd(z1, net.Weights(2), a2, 1, 2, 3);
        Bias.AddToRows(net.Biases(2), a2, 1, 2);
        Assert.Equal(0.51615984, a2[0], EightDigits);
        Assert.Equal(1.21402696, a2[1], EightDigits);
        float[] z2 = new float[2];
        Activations.Sigmoid(a2, z2);
        Assert.Equal(0.62624937, z2[0], EightDigits);
        Assert.Equal(0.7710107, z2[1], EightDigits);

        float[] probabilities = new float[2];
        Softmax.Rows(a3, probabilities, 1, 2);
        double e0 = Math.Exp(0.31682708), e1 = Math.Exp(0.69627909);
        Assert.Equal(e0 / (e0 + e1), probabilities[0], EightDigits);
        Assert.Equal(e1 / (e0 + e1), probabilities[1], EightDigits);
    }
}
