using System;
using SpanNet.Teaching;
using Xunit;

namespace SpanNet.Tests.Teaching;

public class PerceptronTests
{
    [Fact]
    public void Evaluate_rejects_inputs_whose_length_differs_from_the_weights()
    {
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => LogicGates.And.Evaluate([1f])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => LogicGates.And.Evaluate([1f, 1f, 1f])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => LogicGates.And.Evaluate([])).ParamName);
    }

    [Fact]
    public void The_constructor_rejects_no_weights_and_non_finite_parameters()
    {
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => new Perceptron([], 0f)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentOutOfRangeException>(() => new Perceptron([1f, float.NaN], 0f)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentOutOfRangeException>(() => new Perceptron([1f], float.PositiveInfinity)).ParamName);
    }

    [Fact]
    public void The_weights_are_copied_so_the_caller_cannot_change_a_perceptron()
    {
        float[] weights = [0.5f, 0.5f];
        var perceptron = new Perceptron(weights, -0.7f);
        weights[0] = 100f;
        Assert.Equal([0.5f, 0.5f], perceptron.Weights.ToArray());
        Assert.Equal(0f, perceptron.Evaluate([1f, 0f]));
    }
}
