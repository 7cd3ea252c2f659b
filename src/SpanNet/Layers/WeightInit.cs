namespace SpanNet.Layers;

/// <summary>
/// How <see cref="Networks.NetworkBuilder"/> draws the initial weights and biases of its dense layers (chosen with
/// <see cref="Networks.NetworkBuilder.InitializeWith"/>). Every scheme draws from the builder's seeded generator, so
/// the same seed gives the same bits. Layers without dense weights (BatchNorm, LayerNorm, PReLU, a standardisation)
/// keep their own starting values under every scheme.
/// </summary>
public enum WeightInit
{
    /// <summary>
    /// The default: weights normal with σ = √(gain/fan-in), gain from the activation after the layer (2 for the ReLU
    /// family, which is He's initialisation; 1 otherwise, LeCun's), biases 0. PyTorch's <c>kaiming_normal_</c> with
    /// the activation's gain.
    /// </summary>
    HeNormal,

    /// <summary>
    /// PyTorch's default for <c>torch.nn.Linear</c>: weights and biases uniform on [−1/√fan-in, +1/√fan-in), whatever
    /// the activation (<c>kaiming_uniform_</c> with a = √5 gives exactly that bound for the weights). Its weights'
    /// standard deviation is 1/√(3·fan-in), smaller than He's, which suits short trainings on small tables.
    /// </summary>
    Uniform,
}
