using System.Globalization;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary>
/// What <c>spannet train</c> puts after each hidden width: the dense layer, an optional batch norm (between the
/// affine map and the activation, as the MLPs people export have it), the activation and an optional dropout.
/// </summary>
internal sealed record HiddenLayers(Activation Activation, bool BatchNorm, float Dropout)
{
    public void Add(NetworkBuilder builder, int width)
    {
        if (BatchNorm)
        {
            builder.Dense(width).BatchNorm().Activate(Activation);
        }
        else
        {
            builder.Dense(width, Activation);
        }

        if (Dropout > 0f)
        {
            builder.Dropout(Dropout);
        }
    }

    /// <summary><c>relu</c>, <c>batch-norm gelu dropout 0.2</c>: the activation's name with what surrounds it.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(BatchNorm ? "batch-norm " : string.Empty)}{ActivationNames.Hidden.NameOf(Activation)}{(Dropout > 0f ? $" dropout {Dropout}" : string.Empty)}");
}
