using System.Collections.Generic;
using SpanNet.Layers;

namespace SpanNet.Cli.Commands;

/// <summary>
/// The hidden-layer activations <c>spannet train --activation</c> offers: every trainable one in the descriptor
/// table, by its descriptor name.
/// </summary>
internal static class ActivationNames
{
    public static NamedChoice<Activation> Hidden { get; } = new(TrainableChoices());

    private static KeyValuePair<string, Activation>[] TrainableChoices()
    {
        var choices = new List<KeyValuePair<string, Activation>>();
        foreach (ActivationDescriptor descriptor in ActivationDescriptors.All)
        {
            if (descriptor.IsTrainable)
            {
                choices.Add(new KeyValuePair<string, Activation>(descriptor.Name, descriptor.Activation));
            }
        }

        return choices.ToArray();
    }
}
