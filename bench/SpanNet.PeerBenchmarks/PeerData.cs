using System;
using System.IO;
using SpanNet.Data;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training;

namespace SpanNet.PeerBenchmarks;

/// <summary>The same inputs and the same initial network for every library in a comparison.</summary>
public static class PeerData
{
    public const int Inputs = MnistDataset.PixelsPerImage;
    public const int Hidden = 100;
    public const int Classes = MnistDataset.Classes;

    /// <summary>The share of MNIST's training pixels that are not 0 (19.1 %), which synthetic digits copy.</summary>
    private const double MnistInkFraction = 0.191;

    private static readonly Lazy<MnistDataset?> Mnist = new(TryLoad);

    /// <summary>784-100-10, ReLU, softmax cross-entropy, He-initialised from a fixed seed.</summary>
    public static Network MnistNetwork() =>
        new NetworkBuilder(Inputs).Dense(Hidden, Activation.Relu).Dense(Classes).Build(seed: 42);

    /// <summary>One input: an MNIST test digit (about 81 % exact zeros), or uniform values in [0, 1) with no zeros.</summary>
    public static float[] Sample(SampleKind kind) => kind switch
    {
        SampleKind.MnistDigit => (Mnist.Value ?? throw Unavailable()).Test.Features[..Inputs].ToArray(),
        _ => Uniform(Inputs, seed: 7),
    };

    /// <summary>
    /// The first <paramref name="count"/> MNIST training images and labels. Without MNIST, synthetic digits with random
    /// labels: as many zero pixels as MNIST has, so SpanNet's zero skipping does the same amount of work.
    /// </summary>
    public static (float[] Images, int[] Labels) TrainingSamples(int count)
    {
        LabeledDataset? train = Mnist.Value?.Train;
        if (train is not null)
        {
            return (train.Features[..(count * Inputs)].ToArray(), train.Labels[..count].ToArray());
        }

        var random = new Random(3);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.Next(Classes);
        }

        return (SyntheticDigits(count * Inputs, seed: 5), labels);
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
            values[i] = NonZeroUnit(random);
        }

        return values;
    }

    /// <summary>Pixels that are 0 except for <see cref="MnistInkFraction"/> of them, scattered, each in (0, 1).</summary>
    private static float[] SyntheticDigits(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            if (random.NextDouble() < MnistInkFraction)
            {
                values[i] = NonZeroUnit(random);
            }
        }

        return values;
    }

    /// <summary>A uniform float in (0, 1): NextSingle's 0 moved to the smallest float above it.</summary>
    private static float NonZeroUnit(Random random) => MathF.Max(random.NextSingle(), float.Epsilon);

    private static MnistDataset? TryLoad()
    {
        try
        {
            return new MnistFetcher().LoadAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            // Said once, because the training rows then run on synthetic digits rather than MNIST.
            Console.Error.WriteLine($"MNIST unavailable ({e.Message}); training benchmarks use synthetic digits.");
            return null;
        }
    }

    private static InvalidOperationException Unavailable() =>
        new("MNIST could not be fetched or found in the cache; run 'spannet train' once, or filter out the MnistDigit cases.");
}
