using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// What one layer's forward or backward pass works with besides its input and output: its slices of the network's
/// parameters, gradients and non-trainable state, its slice of the workspace's per-batch saved state, GEMM's packing
/// panels, and the pass's mode. Made by the network for each layer and each pass; holds no memory of its own.
/// </summary>
internal readonly ref struct LayerPass
{
    public LayerPass(
        ReadOnlySpan<float> parameters,
        Span<float> gradients,
        Span<float> state,
        Span<float> saved,
        GemmScratch scratch,
        bool training,
        bool readsNetworkInput,
        float inputDensity,
        ulong randomKey)
    {
        Parameters = parameters;
        Gradients = gradients;
        State = state;
        Saved = saved;
        Scratch = scratch;
        Training = training;
        ReadsNetworkInput = readsNetworkInput;
        InputDensity = inputDensity;
        RandomKey = randomKey;
    }

    /// <summary>The layer's trainable parameters (<see cref="Layer.ParameterCount"/> floats).</summary>
    public ReadOnlySpan<float> Parameters { get; }

    /// <summary>Their gradients, accumulated into (<c>+=</c>) by the backward pass; empty in a forward pass.</summary>
    public Span<float> Gradients { get; }

    /// <summary>
    /// The layer's non-trainable state (<see cref="Layer.StateCount"/> floats): read in inference, updated by a
    /// training forward pass (BatchNorm's running statistics), never stepped by an optimizer.
    /// </summary>
    public Span<float> State { get; }

    /// <summary>What the training forward pass keeps for the backward pass (<see cref="Layer.SavedCount"/> floats).</summary>
    public Span<float> Saved { get; }

    /// <summary>GEMM's packing panels.</summary>
    public GemmScratch Scratch { get; }

    /// <summary>Whether this is a training pass (batch statistics, dropout) rather than inference.</summary>
    public bool Training { get; }

    /// <summary>
    /// Whether the layer's input is the network's input, the only input whose sparsity cannot change with the parameters
    /// (raw pixels), so the only one a dense layer may take the zero-skipping products for.
    /// </summary>
    public bool ReadsNetworkInput { get; }

    /// <summary>
    /// The nonzero fraction of the network's input, measured once per pass by the network (<see cref="Layer.UsesInputDensity"/>)
    /// so that every range of rows, and the backward pass, decide the products on the whole batch's density; 1 for a
    /// layer that does not read the network's input.
    /// </summary>
    public float InputDensity { get; }

    /// <summary>The key of this layer's random draws in this pass (dropout masks): a function of the seed, the pass and the layer.</summary>
    public ulong RandomKey { get; }

    /// <summary>The same pass for a layer inside a block, with that layer's slices.</summary>
    public LayerPass For(ReadOnlySpan<float> parameters, Span<float> gradients, Span<float> state, Span<float> saved, ulong randomKey) =>
        new(parameters, gradients, state, saved, Scratch, Training, false, 1f, randomKey);

    /// <summary>The same pass with GEMM's packing panels taken from <paramref name="scratch"/> (a worker's own, for a range of rows it runs).</summary>
    public LayerPass With(GemmScratch scratch) =>
        new(Parameters, Gradients, State, Saved, scratch, Training, ReadsNetworkInput, InputDensity, RandomKey);
}
