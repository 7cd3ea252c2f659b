using System;
using System.IO;
using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Training;
using SpanNet.Training.Optimizers;
using Xunit;

namespace SpanNet.Tests.Onnx;

/// <summary>
/// A PyTorch-trained 784-32-10 classifier (trained by make_fixtures.py) fine-tunes in SpanNet's Trainer like a native
/// network, and its export imports again to predict exactly SpanNet's new outputs.
/// </summary>
public class OnnxFineTuneTests
{
    private const int Samples = 400;
    private const int Classes = 10;
    private const int Pixels = 784;

    [Fact]
    public void An_imported_pytorch_model_fine_tunes_one_epoch_and_its_export_reproduces_the_new_outputs()
    {
        using Network network = OnnxImporter.Import(OnnxFixture.PathOf("finetune_784_32_10_opset13.onnx"));
        Assert.Equal(LossKind.SoftmaxCrossEntropy, network.Loss.Kind);
        LabeledDataset data = SyntheticDigits(seed: 5);
        float[] before = network.Parameters.Values.ToArray();

        var options = new TrainerOptions { Epochs = 1, BatchSize = 20, Seed = 3 };
        using var trainer = new Trainer(network, new Sgd(network.Parameters.Length, 0.05f), options);
        float lossBefore = trainer.Evaluate(data).Loss;
        trainer.Fit(data);
        float lossAfter = trainer.Evaluate(data).Loss;
        Assert.True(lossAfter < 0.8f * lossBefore, $"the loss went from {lossBefore} to {lossAfter}");
        Assert.NotEqual(before, network.Parameters.Values.ToArray());

        using var exported = new MemoryStream(OnnxExporter.ToBytes(network));
        using Network reimported = OnnxImporter.Import(exported);
        float[] input = data.Features[..(7 * Pixels)].ToArray();
        Assert.Equal(OnnxRoundTripTests.Predict(network, input, 7), OnnxRoundTripTests.Predict(reimported, input, 7));

        using InferenceSession session = InferenceModel.FromNetwork(reimported).CreateSession();
        var fromSession = new float[7 * Classes];
        session.Predict(input, fromSession, 7);
        OnnxImportFixtureTests.AssertClose(OnnxRoundTripTests.Predict(network, input, 7), fromSession, "session after fine-tuning");
    }

    /// <summary>Ten random binary prototypes plus noise, clipped to [0, 1]: a separable MNIST-shaped set.</summary>
    private static LabeledDataset SyntheticDigits(int seed)
    {
        var random = new Random(seed);
        var prototypes = new float[Classes * Pixels];
        for (int i = 0; i < prototypes.Length; i++)
        {
            prototypes[i] = random.Next(5) == 0 ? 1f : 0f;
        }

        var features = new float[Samples * Pixels];
        var labels = new int[Samples];
        for (int s = 0; s < Samples; s++)
        {
            labels[s] = random.Next(Classes);
            for (int p = 0; p < Pixels; p++)
            {
                float noisy = prototypes[(labels[s] * Pixels) + p] + (0.3f * (float)((random.NextDouble() * 2) - 1));
                features[(s * Pixels) + p] = Math.Clamp(noisy, 0f, 1f);
            }
        }

        return LabeledDataset.FromLabels(features, Pixels, labels, Classes);
    }
}
