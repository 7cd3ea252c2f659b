// SpanNet embedded from its NuGet package: train a tiny classifier, save it, load it for inference, and predict from a
// span without allocating. Exits 1 if the model is wrong about the data it learned or if predicting allocated.
using System;
using System.IO;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

const int Samples = 400, Features = 2, Classes = 2, PredictCalls = 10_000;

// XOR of the signs: points in the first and third quadrants are class 0, the others class 1 (not linearly separable).
var random = new Random(7);
float[] features = new float[Samples * Features];
int[] labels = new int[Samples];
for (int i = 0; i < Samples; i++)
{
    float x = (float)((random.NextDouble() * 2) - 1), y = (float)((random.NextDouble() * 2) - 1);
    features[2 * i] = x;
    features[(2 * i) + 1] = y;
    labels[i] = (x >= 0) == (y >= 0) ? 0 : 1;
}

string modelPath = Path.Combine(Path.GetTempPath(), $"spannet-sample-{Environment.ProcessId}.model");
using (Network network = new NetworkBuilder(Features).Dense(16, Activation.Tanh).Dense(Classes).Loss(new SoftmaxCrossEntropyLoss()).Build(seed: 1))
using (var optimizer = new Momentum(network.Parameters.Length, learningRate: 0.1f))
using (var trainer = new Trainer(network, optimizer, new TrainerOptions { Epochs = 60, BatchSize = 20, Seed = 1 }))
{
    LabeledDataset data = LabeledDataset.FromLabels(features, Features, labels, Classes);
    EpochResult last = trainer.Fit(data)[^1];
    Console.WriteLine($"trained 2-16-2 tanh: loss {last.TrainLoss:F4}, accuracy {last.TrainAccuracy:P1}");
    ModelFile.Save(network, modelPath);
}

InferenceModel model = InferenceModel.Load(modelPath);
File.Delete(modelPath);
using InferenceSession session = model.CreateSession();

ReadOnlySpan<float> point = [0.5f, -0.5f];          // fourth quadrant: class 1
Span<float> probabilities = stackalloc float[model.Outputs];
session.Predict(point, probabilities);
Console.WriteLine($"P(class | (0.5, -0.5)) = [{probabilities[0]:F4}, {probabilities[1]:F4}]");

int correct = 0;
long before = GC.GetAllocatedBytesForCurrentThread();
for (int i = 0; i < PredictCalls; i++)
{
    int sample = i % Samples;
    session.Predict(features.AsSpan(sample * Features, Features), probabilities);
    correct += session.Classify(features.AsSpan(sample * Features, Features)) == labels[sample] ? 1 : 0;
}

long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
double accuracy = (double)correct / PredictCalls;
Console.WriteLine($"{PredictCalls} Predict + Classify calls: accuracy {accuracy:P1}, {allocated} bytes allocated");
if (allocated != 0 || accuracy < 0.9)
{
    Console.Error.WriteLine(allocated != 0 ? "FAIL: predicting allocated" : "FAIL: the model did not learn the quadrants");
    return 1;
}

return 0;
