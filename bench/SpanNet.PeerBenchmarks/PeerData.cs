using System;
using System.IO;
using SpanNet.Data;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.PeerBenchmarks;

/// <summary>The same inputs and the same initial network for every library in a comparison.</summary>
public static class PeerData
{
    public const int Inputs = MnistDataset.PixelsPerImage;
    public const int Hidden = 100;
    public const int Classes = MnistDataset.Classes;

    private static readonly Lazy<LabeledImages?> MnistTest = new(() => TryLoad()?.Test);
    private static readonly Lazy<LabeledImages?> MnistTrain = new(() => TryLoad()?.Train);

    /// <summary>784-100-10, ReLU, softmax cross-entropy, He-initialised from a fixed seed.</summary>
    public static Network MnistNetwork() =>
        new NetworkBuilder(Inputs).Dense(Hidden, Activation.Relu).Dense(Classes).Build(seed: 42);

    /// <summary>One input: an MNIST test digit (about 81 % exact zeros), or uniform values in [0, 1) with no zeros.</summary>
    public static float[] Sample(SampleKind kind) => kind switch
    {
        SampleKind.MnistDigit => (MnistTest.Value ?? throw Unavailable()).Image(0).ToArray(),
        _ => Uniform(Inputs, seed: 7),
    };

    /// <summary>The first <paramref name="batch"/> MNIST training images and labels (uniform inputs and random labels without MNIST).</summary>
    public static (float[] Images, int[] Labels) TrainingBatch(int batch)
    {
        LabeledImages? train = MnistTrain.Value;
        if (train is not null)
        {
            return (train.Images.AsSpan(0, batch * Inputs).ToArray(), train.Labels.AsSpan(0, batch).ToArray());
        }

        var random = new Random(3);
        var labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = random.Next(Classes);
        }

        return (Uniform(batch * Inputs, seed: 5), labels);
    }

    /// <summary>Uniform floats in [−1, 1).</summary>
    public static float[] Matrix(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    /// <summary>Uniform floats in (0, 1): never 0, so nothing can be skipped.</summary>
    private static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = MathF.Max(random.NextSingle(), float.Epsilon);
        }

        return values;
    }

    private static MnistDataset? TryLoad()
    {
        try
        {
            return new MnistFetcher().LoadAsync().GetAwaiter().GetResult();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static InvalidOperationException Unavailable() =>
        new("MNIST could not be fetched or found in the cache; run 'spannet train' once, or filter out the MnistDigit cases.");
}
