using System;
using SpanNet.Inference;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.Inference;
using Xunit;

namespace SpanNet.Tests.Networks;

/// <summary>What a network predicts from its scores: the builder's choice, the default per loss, and training on the scores either way.</summary>
public class PredictionOutputTests
{
    [Fact]
    public void The_default_follows_the_loss_as_before()
    {
        using Network softmax = new NetworkBuilder(4).Dense(3).Build(1);
        using Network mse = new NetworkBuilder(4).Dense(3).Loss(new SquaredErrorLoss()).Build(1);
        Assert.Equal(PredictionOutput.Probabilities, softmax.PredictionOutput);
        Assert.Equal(PredictionOutput.Scores, mse.PredictionOutput);
    }

    [Theory]
    [InlineData(PredictionOutput.Scores)]
    [InlineData(PredictionOutput.Probabilities)]
    [InlineData(PredictionOutput.LogProbabilities)]
    public void Predict_and_the_session_return_the_chosen_transform_of_the_scores(PredictionOutput output)
    {
        const int Batch = 3, Classes = 6;
        using Network network = new NetworkBuilder(9).Dense(7, Activation.Relu).Dense(Classes).Predicting(output).Build(5);
        float[] input = InferenceSessionTests.Input(Batch * 9, seed: 2, zeroPercent: 20);
        using Workspace workspace = network.CreateWorkspace(Batch);
        float[] scores = network.Forward(input, Batch, workspace).ToArray();
        var predicted = new float[Batch * Classes];
        network.Predict(input, predicted, Batch, workspace);
        var fromSession = new float[Batch * Classes];
        using (InferenceSession session = InferenceModel.FromNetwork(network).CreateSession())
        {
            session.Predict(input, fromSession, Batch);
        }

        for (int row = 0; row < Batch; row++)
        {
            // The reference in double: max-shifted log-sum-exp of the row's scores.
            double max = double.NegativeInfinity, sum = 0;
            for (int j = 0; j < Classes; j++)
            {
                max = Math.Max(max, scores[(row * Classes) + j]);
            }

            for (int j = 0; j < Classes; j++)
            {
                sum += Math.Exp(scores[(row * Classes) + j] - max);
            }

            for (int j = 0; j < Classes; j++)
            {
                double score = scores[(row * Classes) + j];
                double expected = output switch
                {
                    PredictionOutput.Probabilities => Math.Exp(score - max) / sum,
                    PredictionOutput.LogProbabilities => score - max - Math.Log(sum),
                    _ => score,
                };
                // float32 exp and log against double: a few ulps of the row's magnitudes.
                double tolerance = 1e-5 * (1 + Math.Abs(expected));
                Assert.True(Math.Abs(predicted[(row * Classes) + j] - expected) <= tolerance, $"Predict {output}[{row}, {j}] = {predicted[(row * Classes) + j]}, expected {expected}");
                Assert.True(Math.Abs(fromSession[(row * Classes) + j] - expected) <= tolerance, $"session {output}[{row}, {j}] = {fromSession[(row * Classes) + j]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Training_uses_the_scores_whatever_the_prediction_output()
    {
        // Same seed, same data: the loss and the gradients do not depend on what the network predicts.
        using Network probabilities = new NetworkBuilder(5).Dense(4, Activation.Tanh).Dense(3).Build(8);
        using Network logProbabilities = new NetworkBuilder(5).Dense(4, Activation.Tanh).Dense(3).Predicting(PredictionOutput.LogProbabilities).Build(8);
        float[] input = InferenceSessionTests.Input(2 * 5, seed: 4, zeroPercent: 0);
        int[] labels = [2, 0];
        using Workspace a = probabilities.CreateWorkspace(2);
        using Workspace b = logProbabilities.CreateWorkspace(2);
        Assert.Equal(probabilities.ComputeGradients(input, labels, 2, a), logProbabilities.ComputeGradients(input, labels, 2, b));
        Assert.Equal(probabilities.Parameters.Gradients.ToArray(), logProbabilities.Parameters.Gradients.ToArray());
    }

    [Fact]
    public void An_unnamed_prediction_output_is_refused()
    {
        var builder = new NetworkBuilder(3).Dense(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Predicting((PredictionOutput)0));
    }
}
