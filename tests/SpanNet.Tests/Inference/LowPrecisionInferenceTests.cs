using System;
using System.Threading.Tasks;
using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.IO;
using SpanNet.Tests.Kernels;
using SpanNet.Tests.Networks;
using Xunit;

namespace SpanNet.Tests.Inference;

public class LowPrecisionInferenceTests
{
    /// <summary>The unit roundoff of fp32 (24 significant bits): each fp32 rounding moves a value by at most this relative amount.</summary>
    private const double Fp32Roundoff = 1.0 / (1 << 24);

    /// <summary>The unit roundoff of bfloat16 (8 significant bits): rounding a weight to bf16 moves it by at most this relative amount.</summary>
    private const double BFloat16Roundoff = 1.0 / (1 << 8);

    /// <summary>
    /// Headroom on a derived bound: the bounds below drop second-order terms (an error times an error, of order 2⁻¹⁶
    /// relative), which 1 % covers many times over, and 1e-6 covers outputs whose bound is itself ~0.
    /// </summary>
    private const double BoundSlack = 1.01;

    private const double AbsoluteSlack = 1e-6;

    /// <summary>
    /// Deep random networks: each layer's error is bounded by the single-layer bounds (tested exactly below), but how
    /// they add up through later layers depends on cancellation in those layers' sums, which has no tight closed form.
    /// For He-initialized ReLU layers an output is a sum of ~n terms of random sign, so Σ|x·w| is about √n times |y|:
    /// bf16's 2⁻⁸ relative per weight becomes ≲ √256 · 2⁻⁸ ≈ 6 % of the output's scale over three layers in the worst
    /// case and far less in practice; the check below asks for 3 % of the largest fp32 output at bf16 and 10 % at int8
    /// (whose weight step, max|w|/254, is about 30 times coarser than bf16's for Gaussian weights and is partly offset by
    /// the 7-bit inputs' rounding averaging out).
    /// </summary>
    private const double DeepBFloat16Share = 0.03;

    private const double DeepInt8Share = 0.10;

    public static TheoryData<int, int, int> SingleLayerShapes => new()
    {
        { 1, 1, 0 }, { 3, 5, 0 }, { 37, 17, 30 }, { 100, 33, 0 }, { 5, 129, 50 }, { 784, 10, 80 }, { 200, 64, 80 },
    };

    public static TheoryData<WeightPrecision> LowPrecisions => [WeightPrecision.BFloat16, WeightPrecision.Int8];

    public static TheoryData<WeightPrecision> EveryPrecision => [WeightPrecision.Fp32, WeightPrecision.BFloat16, WeightPrecision.Int8];

    [Theory]
    [MemberData(nameof(SingleLayerShapes))]
    public void A_bf16_dense_layer_is_within_the_rounding_bound_of_its_weights(int inputs, int outputs, int zeroPercent)
    {
        using Network net = SingleLayer(inputs, outputs, seed: inputs + outputs);
        using InferenceSession session = InferenceModel.FromNetwork(net, WeightPrecision.BFloat16).CreateSession();
        float[] weights = net.Weights(0).ToArray();
        float[] bias = net.Biases(0).ToArray();
        var y = new float[outputs];
        for (int sample = 0; sample < 6; sample++)
        {
            float[] x = Sample(inputs, sample, zeroPercent, nonNegative: sample % 2 == 1);
            session.Predict(x, y);
            for (int j = 0; j < outputs; j++)
            {
                (double exact, double magnitude) = Dot(x, weights, bias[j], j, outputs);

                // Each weight moves by at most 2⁻⁸ of itself; the fp32 fused multiply-adds over n terms and the bias add
                // cost at most (n + 2) roundings of the sum of magnitudes.
                double bound = (BFloat16Roundoff * magnitude) + ((inputs + 2) * Fp32Roundoff * (magnitude * (1 + BFloat16Roundoff) + Math.Abs(bias[j])));
                AssertWithin(exact, y[j], (BoundSlack * bound) + AbsoluteSlack, $"bf16 {inputs}x{outputs} sample {sample} output {j}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SingleLayerShapes))]
    public void An_int8_dense_layer_is_within_the_quantization_bound_of_its_weights_and_input(int inputs, int outputs, int zeroPercent)
    {
        using Network net = SingleLayer(inputs, outputs, seed: inputs * outputs);
        using InferenceSession session = InferenceModel.FromNetwork(net, WeightPrecision.Int8).CreateSession();
        float[] weights = net.Weights(0).ToArray();
        float[] bias = net.Biases(0).ToArray();
        var y = new float[outputs];
        for (int sample = 0; sample < 6; sample++)
        {
            float[] x = Sample(inputs, sample, zeroPercent, nonNegative: sample % 2 == 1);
            session.Predict(x, y);

            // The input row's step: max x / 127 when nothing is negative (0…127), max |x| / 63 around a zero point of 64.
            double largest = 0, smallest = 0, absoluteSum = 0;
            foreach (float v in x)
            {
                largest = Math.Max(largest, v);
                smallest = Math.Min(smallest, v);
                absoluteSum += Math.Abs(v);
            }

            double inputStep = smallest < 0 ? Math.Max(largest, -smallest) / 63 : largest / 127;
            for (int j = 0; j < outputs; j++)
            {
                double columnMax = 0, columnAbsoluteSum = 0;
                for (int p = 0; p < inputs; p++)
                {
                    columnMax = Math.Max(columnMax, Math.Abs(weights[(p * outputs) + j]));
                    columnAbsoluteSum += Math.Abs(weights[(p * outputs) + j]);
                }

                double weightStep = columnMax / 127;
                (double exact, double magnitude) = Dot(x, weights, bias[j], j, outputs);

                // x·w − x̂·ŵ = x·(w − ŵ) + (x − x̂)·ŵ, with |w − ŵ| ≤ weightStep/2, |x − x̂| ≤ inputStep/2 and
                // |ŵ| ≤ |w| + weightStep/2; the integer sums are exact, and the conversion, the two scale products and the
                // fused multiply-add are four fp32 roundings of the result.
                double bound = (weightStep / 2 * absoluteSum)
                    + (inputStep / 2 * (columnAbsoluteSum + (inputs * weightStep / 2)))
                    + (4 * Fp32Roundoff * (magnitude + Math.Abs(bias[j])));
                AssertWithin(exact, y[j], (BoundSlack * bound) + AbsoluteSlack, $"int8 {inputs}x{outputs} sample {sample} output {j}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(LowPrecisions))]
    public void A_deep_network_at_low_precision_stays_near_the_fp32_model_and_mostly_classifies_alike(WeightPrecision precision)
    {
        using Network net = InferenceSessionTests.Build("deep");
        using InferenceSession reference = InferenceModel.FromNetwork(net).CreateSession();
        using InferenceSession session = InferenceModel.FromNetwork(net, precision).CreateSession();
        double share = precision == WeightPrecision.BFloat16 ? DeepBFloat16Share : DeepInt8Share;
        var expected = new float[net.Outputs];
        var actual = new float[net.Outputs];
        int agree = 0;
        const int samples = 40;
        for (int sample = 0; sample < samples; sample++)
        {
            float[] x = Sample(net.Inputs, sample, zeroPercent: 80, nonNegative: true);
            reference.Predict(x, expected);
            session.Predict(x, actual);
            double scale = LargestMagnitude(expected);

            for (int j = 0; j < expected.Length; j++)
            {
                AssertWithin(expected[j], actual[j], share * scale, $"{precision} sample {sample} output {j}");
            }

            agree += reference.Classify(x) == session.Classify(x) ? 1 : 0;
        }

        // A class flips only where the top two fp32 scores are within the error above of each other: rare on random inputs.
        Assert.True(agree >= samples * 9 / 10, $"{precision}: {agree} of {samples} samples classified as at fp32");
    }

    [Fact]
    public void Dense_layers_inside_a_residual_block_are_rounded_too()
    {
        // Every weight outside the block is a multiple of 2⁻⁶ in [−1, 1], so bfloat16 holds it exactly, and the bf16 and
        // fp32 products sum in the same order: outside the block bf16 changes no bit. The block's inner weights are
        // not bfloat16 values, so an output that differs from fp32 shows that they were rounded. The control, with every
        // weight exact, shows the premise: there bf16 and fp32 agree bit for bit.
        using (Network exact = ResidualNetwork(exactOutside: true, exactInside: true))
        using (InferenceSession exactReference = InferenceModel.FromNetwork(exact).CreateSession())
        using (InferenceSession exactSession = InferenceModel.FromNetwork(exact, WeightPrecision.BFloat16).CreateSession())
        {
            var fp32 = new float[exact.Outputs];
            var bf16 = new float[exact.Outputs];
            float[] x = Sample(exact.Inputs, 1, zeroPercent: 0, nonNegative: false);
            exactReference.Predict(x, fp32);
            exactSession.Predict(x, bf16);
            Assert.Equal(fp32, bf16);
        }

        using Network net = ResidualNetwork(exactOutside: true, exactInside: false);
        using InferenceSession reference = InferenceModel.FromNetwork(net).CreateSession();
        using InferenceSession session = InferenceModel.FromNetwork(net, WeightPrecision.BFloat16).CreateSession();
        var expected = new float[net.Outputs];
        var actual = new float[net.Outputs];
        int differing = 0;
        for (int sample = 0; sample < 10; sample++)
        {
            float[] x = Sample(net.Inputs, sample, zeroPercent: 0, nonNegative: false);
            reference.Predict(x, expected);
            session.Predict(x, actual);
            double scale = LargestMagnitude(expected);

            for (int j = 0; j < expected.Length; j++)
            {
                AssertWithin(expected[j], actual[j], DeepBFloat16Share * scale, $"sample {sample} output {j}");
                differing += BitConverter.SingleToInt32Bits(expected[j]) != BitConverter.SingleToInt32Bits(actual[j]) ? 1 : 0;
            }
        }

        Assert.True(differing > 0, "every output equals fp32 bit for bit: the block's inner dense layers were not rounded");
    }

    [Fact]
    public void An_int8_residual_block_gets_scratch_for_its_inner_steps_and_allocates_nothing()
    {
        using Network net = ResidualNetwork(exactOutside: false, exactInside: false);
        using InferenceSession reference = InferenceModel.FromNetwork(net).CreateSession();
        using InferenceSession session = InferenceModel.FromNetwork(net, WeightPrecision.Int8).CreateSession();
        var expected = new float[net.Outputs];
        var actual = new float[net.Outputs];
        float[] x = Sample(net.Inputs, 5, zeroPercent: 30, nonNegative: false);
        reference.Predict(x, expected);
        session.Predict(x, actual);
        double scale = LargestMagnitude(expected);

        for (int j = 0; j < expected.Length; j++)
        {
            AssertWithin(expected[j], actual[j], DeepInt8Share * scale, $"output {j}");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int call = 0; call < 100; call++)
        {
            session.Predict(x, actual);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [MemberData(nameof(EveryPrecision))]
    public void The_model_reports_its_precision_and_Classify_is_the_argmax_of_Predict(WeightPrecision precision)
    {
        using Network net = NetworkFactory.Mnist(3);
        InferenceModel model = InferenceModel.FromNetwork(net, precision);
        Assert.Equal(precision, model.Precision);
        using InferenceSession session = model.CreateSession();
        var p = new float[10];
        for (int sample = 0; sample < 10; sample++)
        {
            float[] x = Sample(784, sample, 80, nonNegative: true);
            session.Predict(x, p);
            int best = 0;
            for (int j = 1; j < p.Length; j++)
            {
                best = p[j] > p[best] ? j : best;
            }

            Assert.Equal(best, session.Classify(x));
        }
    }

    [Theory]
    [MemberData(nameof(EveryPrecision))]
    public void A_saved_model_loads_at_each_precision_with_the_same_results_as_FromNetwork(WeightPrecision precision)
    {
        using Network net = InferenceSessionTests.Build("every-activation");
        using var directory = new TempDirectory();
        string path = directory.Combine("m.model");
        SpanNet.IO.ModelFile.Save(net, path);
        using InferenceSession loaded = InferenceModel.Load(path, precision).CreateSession();
        using InferenceSession built = InferenceModel.FromNetwork(net, precision).CreateSession();
        Assert.Equal(precision, loaded.Model.Precision);
        float[] x = Sample(net.Inputs, 5, 30, nonNegative: false);
        var a = new float[net.Outputs];
        var b = new float[net.Outputs];
        loaded.Predict(x, a);
        built.Predict(x, b);
        Assert.Equal(b, a);
    }

    [Theory]
    [MemberData(nameof(LowPrecisions))]
    public void Sessions_on_many_threads_give_the_same_bits_as_one_session(WeightPrecision precision)
    {
        using Network net = InferenceSessionTests.Build("every-activation");
        InferenceModel model = InferenceModel.FromNetwork(net, precision);
        const int samples = 64;
        var inputs = new float[samples * net.Inputs];
        for (int i = 0; i < samples; i++)
        {
            Sample(net.Inputs, i, 30, nonNegative: i % 3 == 0).CopyTo(inputs, i * net.Inputs);
        }

        var expected = new float[samples * net.Outputs];
        using (InferenceSession first = model.CreateSession())
        {
            for (int i = 0; i < samples; i++)
            {
                first.Predict(inputs.AsSpan(i * net.Inputs, net.Inputs), expected.AsSpan(i * net.Outputs, net.Outputs));
            }
        }

        var results = new float[4][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            using InferenceSession session = model.CreateSession();
            var outputs = new float[samples * net.Outputs];
            for (int round = 0; round < 20; round++)
            {
                session.Predict(inputs, outputs, samples);
            }

            results[t] = outputs;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Theory]
    [MemberData(nameof(LowPrecisions))]
    public void A_BatchNorm_after_a_dense_layer_is_folded_into_it_before_the_weights_are_rounded(WeightPrecision precision)
    {
        using Network net = new NetworkBuilder(20).Dense(12).BatchNorm().Dense(6, Activation.Relu).Dense(3).Build(21);
        float[] shift = RandomValues.Uniform(12, 5);
        float[] spread = RandomValues.Uniform(12, 6);
        Span<float> state = net.LayerState(1);
        Span<float> affine = net.LayerParameters(1);
        for (int j = 0; j < 12; j++)
        {
            state[j] = shift[j];                                 // running mean
            state[12 + j] = 0.5f + (2f * Math.Abs(spread[j]));   // running variance
            affine[j] = 0.5f + spread[j];                        // γ
            affine[12 + j] = shift[j] / 2;                       // β
        }

        InferenceModel model = InferenceModel.FromNetwork(net, precision);
        Type expectedStep = precision == WeightPrecision.BFloat16 ? typeof(BFloat16DenseSampleStep) : typeof(Int8DenseSampleStep);
        Assert.Equal(3, CountLowPrecisionDenseSteps(model));
        foreach (SampleStep step in model.Steps)
        {
            Assert.IsNotType<AffineSampleStep>(step);
            Assert.IsNotType<DenseSampleStep>(step);
        }

        Assert.IsType(expectedStep, model.Steps[0]);
        Assert.Equal(12, model.Steps[0].Outputs);

        // The folded model predicts the BatchNorm network: compared with the fp32 model (which the session tests check
        // against Network.Predict) at the deep-network share, the BatchNorm's scale having gone into the rounded weights.
        using InferenceSession reference = InferenceModel.FromNetwork(net).CreateSession();
        using InferenceSession session = model.CreateSession();
        double share = precision == WeightPrecision.BFloat16 ? DeepBFloat16Share : DeepInt8Share;
        var expected = new float[3];
        var actual = new float[3];
        for (int sample = 0; sample < 10; sample++)
        {
            float[] x = Sample(20, sample, 0, nonNegative: false);
            reference.Predict(x, expected);
            session.Predict(x, actual);
            double scale = Math.Max(Math.Max(Math.Abs(expected[0]), Math.Abs(expected[1])), Math.Abs(expected[2]));
            for (int j = 0; j < 3; j++)
            {
                AssertWithin(expected[j], actual[j], share * scale, $"{precision} BatchNorm sample {sample} output {j}");
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_the_argument()
    {
        using Network net = NetworkFactory.Mnist();
        Assert.Equal("precision", Assert.Throws<ArgumentOutOfRangeException>(() => InferenceModel.FromNetwork(net, (WeightPrecision)7)).ParamName);
        Assert.Equal("precision", Assert.Throws<ArgumentOutOfRangeException>(() => InferenceModel.Load("no-such.model", (WeightPrecision)(-1))).ParamName);
        Assert.Throws<ArgumentNullException>(() => InferenceModel.FromNetwork(null!, WeightPrecision.Int8));
        Assert.Throws<ArgumentException>(() => InferenceModel.Load(string.Empty, WeightPrecision.BFloat16));
        net.Parameters.Values[7] = float.PositiveInfinity;
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => InferenceModel.FromNetwork(net, WeightPrecision.Int8)).ParamName);

        // Beyond 65,536 inputs an int8 dot product of bytes could overflow 32 bits.
        using Network wide = SingleLayer(65_537, 1, seed: 1);
        Assert.Equal("precision", Assert.Throws<ArgumentOutOfRangeException>(() => InferenceModel.FromNetwork(wide, WeightPrecision.Int8)).ParamName);
        Assert.Equal(WeightPrecision.BFloat16, InferenceModel.FromNetwork(wide, WeightPrecision.BFloat16).Precision);
    }

    internal static Network SingleLayer(int inputs, int outputs, int seed)
    {
        Network net = new NetworkBuilder(inputs).Dense(outputs).Loss(new SquaredErrorLoss()).Build(seed);

        // A nonzero bias, so the bias path is checked too.
        RandomValues.Uniform(outputs, seed + 1).CopyTo(net.Biases(0));
        return net;
    }

    private static float[] Sample(int length, int seed, int zeroPercent, bool nonNegative)
    {
        float[] x = InferenceSessionTests.Input(length, seed, zeroPercent);
        if (nonNegative)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = Math.Abs(x[i]);
            }
        }

        return x;
    }

    /// <summary>bias + Σ x[p]·W[p, j] in double, and Σ |x[p]·W[p, j]|.</summary>
    private static (double Exact, double Magnitude) Dot(float[] x, float[] weights, float bias, int j, int outputs)
    {
        double sum = bias, magnitude = 0;
        for (int p = 0; p < x.Length; p++)
        {
            double term = (double)x[p] * weights[(p * outputs) + j];
            sum += term;
            magnitude += Math.Abs(term);
        }

        return (sum, magnitude);
    }

    /// <summary>
    /// 40-24-[residual: 24-32-24]-5, its parameters outside and inside the block rounded to multiples of 2⁻⁶ in
    /// [−1, 1] (exact in bfloat16) where asked, else left as initialised.
    /// </summary>
    private static Network ResidualNetwork(bool exactOutside, bool exactInside)
    {
        Network net = new NetworkBuilder(40)
            .Dense(24, Activation.Tanh)
            .Residual(b => b.Dense(32, Activation.Relu).Dense(24), Activation.Relu)
            .Dense(5)
            .Build(seed: 17);
        Span<float> values = net.Parameters.Values;
        int offset = 0;
        foreach (Layer layer in net.Layers)
        {
            if (layer is ResidualBlock ? exactInside : exactOutside)
            {
                foreach (ref float v in values.Slice(offset, layer.ParameterCount))
                {
                    v = Math.Clamp(MathF.Round(v * 64f) / 64f, -1f, 1f);
                }
            }

            offset += layer.ParameterCount;
        }

        return net;
    }

    private static int CountLowPrecisionDenseSteps(InferenceModel model)
    {
        int count = 0;
        foreach (SampleStep step in model.Steps)
        {
            count += step is BFloat16DenseSampleStep or Int8DenseSampleStep ? 1 : 0;
        }

        return count;
    }

    /// <summary>The largest |value|: the scale the tolerances of a whole output vector are shares of.</summary>
    private static double LargestMagnitude(float[] values)
    {
        double largest = 0;
        foreach (float v in values)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        return largest;
    }

    private static void AssertWithin(double expected, float actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: {actual}, expected {expected} ± {tolerance}");
}
