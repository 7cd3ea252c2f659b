using System;
using System.IO;
using System.Linq;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Layers;

public class ActivationDescriptorTests
{
    [Fact]
    public void Every_element_wise_activation_has_one_descriptor_with_a_unique_name_and_onnx_operator()
    {
        Activation[] elementWise = Enum.GetValues<Activation>().Where(a => a is not (Activation.None or Activation.Softmax)).ToArray();
        Assert.Equal(elementWise, ActivationDescriptors.All.Select(d => d.Activation));
        Assert.Equal(ActivationDescriptors.All.Count, ActivationDescriptors.All.Select(d => d.Name).Distinct().Count());
        string[] operators = ActivationDescriptors.All.Select(d => d.OnnxOperator).OfType<string>().ToArray();
        Assert.Equal(operators.Length, operators.Distinct().Count());
        foreach (ActivationDescriptor descriptor in ActivationDescriptors.All)
        {
            Assert.Same(descriptor, ActivationDescriptors.For(descriptor.Activation));
            Assert.Same(descriptor, ActivationDescriptors.FindByName(descriptor.Name));
            if (descriptor.OnnxOperator is not null)
            {
                Assert.Same(descriptor, ActivationDescriptors.FindByOnnxOperator(descriptor.OnnxOperator));
            }

            Assert.True(descriptor.IsValidAlpha(descriptor.DefaultAlpha), descriptor.Name);
        }

        Assert.Null(ActivationDescriptors.FindByName("swish"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationDescriptors.For(Activation.Softmax));
    }

    [Fact]
    public void Elu_is_described_as_onnx_describes_it()
    {
        ActivationDescriptor elu = ActivationDescriptors.For(Activation.Elu);
        Assert.Equal("elu", elu.Name);
        Assert.Equal("Elu", elu.OnnxOperator);
        Assert.True(elu.HasAlpha);
        Assert.Equal(1f, elu.DefaultAlpha);
        Assert.True(elu.IsTrainable);
        Assert.False(elu.IsValidAlpha(0f));
        Assert.False(elu.IsValidAlpha(float.PositiveInfinity));
        Assert.Equal(NaiveKernels.Elu(-0.5, 1.5), elu.Reference(-0.5, 1.5), 15);
        Assert.Equal(2.0, elu.Reference(2.0, 1.5));
    }

    [Fact]
    public void A_builder_refuses_an_alpha_the_activation_cannot_take_and_adds_nothing()
    {
        var builder = new NetworkBuilder(4);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(3, Activation.Elu, alpha: -1f)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(3, Activation.Relu, alpha: 0.5f)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Dense(3, Activation.LeakyRelu, alpha: 1f)).ParamName);
        using Network net = builder.Dense(2).Build();
        Assert.Single(net.Layers);
        Assert.Equal(4, net.Inputs);
    }

    [Fact]
    public void An_elu_network_round_trips_through_the_model_file_bit_for_bit()
    {
        using Network net = new NetworkBuilder(6).Dense(5, Activation.Elu, alpha: 0.7f).Dense(3).Build(seed: 21);
        byte[] bytes = ModelFile.Serialize(net);
        using Network loaded = ModelFile.Deserialize(bytes, "elu.model");
        var elu = Assert.IsType<ActivationLayer>(loaded.Layers[1]);
        Assert.Equal(Activation.Elu, elu.Activation);
        Assert.Equal(0.7f, elu.Alpha);
        Assert.Equal(bytes, ModelFile.Serialize(loaded));

        float[] x = [-2f, -0.5f, 0f, 0.3f, 1f, 4f];
        var expected = new float[3];
        var actual = new float[3];
        using Workspace ws = net.CreateWorkspace(1);
        using Workspace loadedWs = loaded.CreateWorkspace(1);
        net.Predict(x, expected, 1, ws);
        loaded.Predict(x, actual, 1, loadedWs);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_model_file_with_an_invalid_elu_alpha_is_rejected()
    {
        using Network net = new NetworkBuilder(6).Dense(5, Activation.Elu).Dense(3).Build(seed: 21);
        byte[] bytes = ModelFile.Serialize(net);

        // The first activation layer's α sits at header 16 + one layer entry 16 + 12; rewrite it, then the checksum.
        BitConverter.TryWriteBytes(bytes.AsSpan(16 + 16 + 12), -1f);
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        Assert.Throws<InvalidDataException>(() => ModelFile.Deserialize(bytes, "bad-alpha.model"));
    }

    [Fact]
    public void Every_descriptor_s_double_reference_agrees_with_its_kernel_at_zero_and_either_side()
    {
        float[] x = [-1f, -1e-3f, 0f, 1e-3f, 1f];
        foreach (ActivationDescriptor descriptor in ActivationDescriptors.All)
        {
            Assert.Equal(descriptor.HasAlpha, descriptor.AlphaRange.Length > 0);
            float alpha = descriptor.DefaultAlpha, beta = descriptor.DefaultBeta;
            float[] y = new float[x.Length];
            descriptor.Apply(x, alpha, beta, y);
            for (int i = 0; i < x.Length; i++)
            {
                double expected = descriptor.Reference(x[i], alpha, beta);
                Assert.True(Math.Abs(expected - y[i]) <= 1e-5 * (1 + Math.Abs(expected)), $"{descriptor.Name}({x[i]}): kernel {y[i]}, reference {expected}");
            }
        }
    }
}
