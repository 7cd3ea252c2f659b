using System;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.IO;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Inference;

public class InferenceSessionTests
{
    // The session and Network.Forward sum each dot product in different orders (the session skips zeros and pads rows;
    // GEMM splits k differently by width), so they agree to a few float roundings of values of order 1, not bitwise.
    private const float AgreementWithNetwork = 1e-5f;

    public static TheoryData<string> Architectures => ["mnist", "every-activation", "elu", "softmax-layer", "no-bias-mse", "deep"];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Predict_and_Classify_agree_with_the_network_on_dense_and_sparse_inputs(string architecture)
    {
        using Network net = Build(architecture);
        InferenceModel model = InferenceModel.FromNetwork(net);
        using InferenceSession session = model.CreateSession();
        using Workspace ws = net.CreateWorkspace(1);
        var expected = new float[net.Outputs];
        var actual = new float[net.Outputs];
        for (int sample = 0; sample < 20; sample++)
        {
            float[] x = Input(net.Inputs, sample, zeroPercent: sample % 2 == 0 ? 0 : 80);
            net.Predict(x, expected, 1, ws);
            session.Predict(x, actual);
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.True(Math.Abs(expected[j] - actual[j]) <= AgreementWithNetwork, $"{architecture}: output {j} is {actual[j]}, network says {expected[j]}");
            }

            Assert.Equal(ArgMax(actual), session.Classify(x));
        }
    }

    [Fact]
    public void The_fused_softmax_loss_makes_Predict_return_probabilities()
    {
        using Network net = NetworkFactory.Mnist();
        using InferenceSession session = InferenceModel.FromNetwork(net).CreateSession();
        var p = new float[10];
        session.Predict(Input(784, 1, 80), p);
        Assert.All(p, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1.0, Sum(p), 5);
    }

    [Fact]
    public void Each_row_of_a_batch_equals_a_single_sample_prediction_bit_for_bit()
    {
        using Network net = Build("deep");
        using InferenceSession session = InferenceModel.FromNetwork(net).CreateSession();
        const int batch = 7;
        var inputs = new float[batch * net.Inputs];
        for (int i = 0; i < batch; i++)
        {
            Input(net.Inputs, i, zeroPercent: 50).CopyTo(inputs, i * net.Inputs);
        }

        var outputs = new float[batch * net.Outputs];
        session.Predict(inputs, outputs, batch);
        var single = new float[net.Outputs];
        for (int i = 0; i < batch; i++)
        {
            session.Predict(inputs.AsSpan(i * net.Inputs, net.Inputs), single);
            Assert.Equal(single, outputs.AsSpan(i * net.Outputs, net.Outputs).ToArray());
        }
    }

    [Fact]
    public void The_model_is_a_copy_that_later_training_does_not_change()
    {
        using Network net = NetworkFactory.Mnist();
        InferenceModel model = InferenceModel.FromNetwork(net);
        using InferenceSession session = model.CreateSession();
        float[] x = Input(784, 3, 80);
        var before = new float[10];
        session.Predict(x, before);

        using var sgd = new Sgd(net.Parameters.Length, 0.5f);
        using Workspace ws = net.CreateWorkspace(10);
        (_, int[] labels) = RandomValues.Classes(10, 10, 4);
        net.TrainStep(RandomValues.Uniform(7840, 5), labels, 10, sgd, ws);
        net.Parameters.Values.Clear();

        var after = new float[10];
        session.Predict(x, after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void A_model_loaded_from_a_file_predicts_exactly_as_one_made_from_the_network()
    {
        using var directory = new TempDirectory();
        using Network net = Build("every-activation");
        string path = directory.Combine("net.model");
        ModelFile.Save(net, path);
        using InferenceSession fromNetwork = InferenceModel.FromNetwork(net).CreateSession();
        InferenceModel loaded = InferenceModel.Load(path);
        using InferenceSession fromFile = loaded.CreateSession();
        Assert.Equal(net.Inputs, loaded.Inputs);
        Assert.Equal(net.Outputs, loaded.Outputs);
        Assert.Equal(net.Layers.Count, loaded.Layers.Count);
        Assert.Equal(net.Loss.Kind, loaded.Loss.Kind);
        var a = new float[net.Outputs];
        var b = new float[net.Outputs];
        float[] x = Input(net.Inputs, 9, 50);
        fromNetwork.Predict(x, a);
        fromFile.Predict(x, b);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(783, 10, "input")]
    [InlineData(785, 10, "input")]
    [InlineData(784, 9, "output")]
    [InlineData(784, 11, "output")]
    public void Wrong_lengths_are_rejected_before_anything_is_written(int inputLength, int outputLength, string parameter)
    {
        using Network net = NetworkFactory.Mnist();
        using InferenceSession session = InferenceModel.FromNetwork(net).CreateSession();
        var output = new float[outputLength];
        Array.Fill(output, 7f);
        ArgumentException e = Assert.Throws<ArgumentException>(() => session.Predict(new float[inputLength], output));
        Assert.Equal(parameter, e.ParamName);
        Assert.All(output, v => Assert.Equal(7f, v));
        if (parameter == "input")
        {
            Assert.Equal("input", Assert.Throws<ArgumentException>(() => session.Classify(new float[inputLength])).ParamName);
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_inputs_are_rejected_with_their_position(float bad)
    {
        using Network net = NetworkFactory.Mnist();
        using InferenceSession session = InferenceModel.FromNetwork(net).CreateSession();
        float[] x = Input(784, 1, 0);
        x[500] = bad;
        var output = new float[10];
        ArgumentException single = Assert.Throws<ArgumentException>(() => session.Predict(x, output));
        Assert.Equal("input", single.ParamName);
        Assert.Contains("input[500]", single.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => session.Classify(x));

        var batchInputs = new float[3 * 784];
        x.CopyTo(batchInputs, 2 * 784);
        var batchOutputs = new float[30];
        Array.Fill(batchOutputs, 7f);
        ArgumentException batched = Assert.Throws<ArgumentException>(() => session.Predict(batchInputs, batchOutputs, 3));
        Assert.Equal("inputs", batched.ParamName);
        Assert.Contains($"inputs[{(2 * 784) + 500}]", batched.Message, StringComparison.Ordinal);
        Assert.All(batchOutputs, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Batched_calls_check_the_batch_and_both_lengths()
    {
        using Network net = NetworkFactory.Mnist();
        using InferenceSession session = InferenceModel.FromNetwork(net).CreateSession();
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => session.Predict(new float[784], new float[10], 0)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => session.Predict(new float[784], new float[20], 2)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => session.Predict(new float[1568], new float[10], 2)).ParamName);
    }

    [Fact]
    public void A_disposed_session_refuses_work_and_other_sessions_go_on()
    {
        using Network net = NetworkFactory.Mnist();
        InferenceModel model = InferenceModel.FromNetwork(net);
        InferenceSession disposed = model.CreateSession();
        using InferenceSession other = model.CreateSession();
        disposed.Dispose();
        disposed.Dispose();
        float[] x = Input(784, 1, 50);
        Assert.Throws<ObjectDisposedException>(() => disposed.Classify(x));
        Assert.Throws<ObjectDisposedException>(() => disposed.Predict(x, new float[10]));
        Assert.InRange(other.Classify(x), 0, 9);
    }

    [Fact]
    public void A_network_with_a_non_finite_parameter_is_refused()
    {
        using Network net = NetworkFactory.Mnist();
        net.Parameters.Values[1234] = float.NaN;
        ArgumentException e = Assert.Throws<ArgumentException>(() => InferenceModel.FromNetwork(net));
        Assert.Equal("network", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => InferenceModel.FromNetwork(null!));
    }

    internal static Network Build(string architecture) => architecture switch
    {
        "mnist" => NetworkFactory.Mnist(7),
        "every-activation" => new NetworkBuilder(37)
            .Dense(33, Activation.LeakyRelu, alpha: 0.1f)
            .Dense(17, Activation.Sigmoid)
            .Dense(16, Activation.Tanh)
            .Dense(5, Activation.Relu)
            .Dense(3)
            .Build(11),
        "softmax-layer" => new NetworkBuilder(20).Dense(9, Activation.Relu).Dense(4, Activation.Softmax).Loss(new CrossEntropyLoss()).Build(12),
        "elu" => new NetworkBuilder(40).Dense(24, Activation.Elu, alpha: 0.7f).Dense(12, Activation.Elu).Dense(3).Build(15),
        "no-bias-mse" => new NetworkBuilder(3).Dense(129, Activation.Step, bias: false).Dense(2, bias: false).Loss(new SquaredErrorLoss()).Build(13),
        _ => new NetworkBuilder(784).Dense(256, Activation.Relu).Dense(128, Activation.Relu).Dense(10).Build(14),
    };

    /// <summary>Uniform inputs in [−1, 1) with about <paramref name="zeroPercent"/> % exact zeros (as MNIST's background).</summary>
    internal static float[] Input(int length, int seed, int zeroPercent)
    {
        float[] x = RandomValues.Uniform(length, seed);
        var random = new Random(seed + 100);
        for (int i = 0; i < length; i++)
        {
            if (random.Next(100) < zeroPercent)
            {
                x[i] = 0f;
            }
        }

        return x;
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static double Sum(float[] values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return sum;
    }
}
