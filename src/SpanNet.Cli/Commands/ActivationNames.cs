using System.Collections.Generic;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>The hidden-layer activations <c>spannet train --activation</c> offers, by their command-line names.</summary>
internal static class ActivationNames
{
    public static NamedChoice<Activation> Hidden { get; } = new(
        new KeyValuePair<string, Activation>("relu", Activation.Relu),
        new KeyValuePair<string, Activation>("leaky-relu", Activation.LeakyRelu),
        new KeyValuePair<string, Activation>("sigmoid", Activation.Sigmoid),
        new KeyValuePair<string, Activation>("tanh", Activation.Tanh));
}
