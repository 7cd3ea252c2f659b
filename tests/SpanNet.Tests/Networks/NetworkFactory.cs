using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Training.Optimizers;

namespace SpanNet.Tests.Networks;

/// <summary>Networks and optimizers the network tests share.</summary>
internal static class NetworkFactory
{
    public static Network Mnist(int seed = 42) =>
        new NetworkBuilder(784).Dense(100, Activation.Relu).Dense(10).Loss(new SoftmaxCrossEntropyLoss()).Build(seed);

    public static Optimizer[] EveryOptimizer(int parameterCount) =>
    [
        new Sgd(parameterCount, 0.1f),
        new Momentum(parameterCount),
        new Adagrad(parameterCount),
        new RmsProp(parameterCount),
        new Adam(parameterCount),
    ];
}
