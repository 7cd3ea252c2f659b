using System;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Kernels;
using Xunit;

namespace SpanNet.Tests.Networks;

public class NetworkDiagnosticsTests
{
    [Fact]
    public void Gradients_vanish_toward_the_input_of_a_deep_sigmoid_stack_but_not_a_relu_stack()
    {
        float sigmoidRatio = FirstToLastGradientRatio(Activation.Sigmoid);
        float reluRatio = FirstToLastGradientRatio(Activation.Relu);

        // Each sigmoid layer scales the back-flowing gradient by at most σ' ≤ 1/4, so eight of them shrink it by orders
        // of magnitude; He-initialised ReLU layers keep it within one order.
        Assert.True(sigmoidRatio < 1e-3f, $"sigmoid stack: first/last gradient norm {sigmoidRatio}");
        Assert.True(reluRatio > 1e-1f, $"relu stack: first/last gradient norm {reluRatio}");
    }

    [Fact]
    public void Units_with_large_negative_bias_are_counted_dead()
    {
        using Network net = new NetworkBuilder(4).Dense(6, Activation.Relu).Dense(2).Build();
        net.SetBiases(0, [-100f, -100f, -100f, 0.5f, 0.5f, 0.5f]);
        using Workspace ws = net.CreateWorkspace(8);
        net.Forward(RandomValues.Uniform(32, 1), 8, ws);
        Assert.Equal(0.5f, NetworkDiagnostics.DeadUnitFraction(net, ws, 1, 8));
        Assert.Equal("layer", Assert.Throws<ArgumentException>(() => NetworkDiagnostics.DeadUnitFraction(net, ws, 0, 8)).ParamName);
    }

    private static float FirstToLastGradientRatio(Activation activation)
    {
        var builder = new NetworkBuilder(20);
        for (int i = 0; i < 8; i++)
        {
            builder.Dense(20, activation);
        }

        using Network net = builder.Dense(3).Build(seed: 4);
        using Workspace ws = net.CreateWorkspace(16);
        (_, int[] labels) = RandomValues.Classes(16, 3, 2);
        net.ComputeGradients(RandomValues.Uniform(16 * 20, 1), labels, 16, ws);
        var norms = new float[net.Layers.Count];
        NetworkDiagnostics.GradientNorms(net, norms);
        return norms[0] / norms[^1];
    }
}
