using System;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Threading;
using SpanNet.Training.Optimizers;

namespace SpanNet.Training;

/// <summary>
/// One step of training as a single validated call, for loops of one's own: forward and loss, clear gradients,
/// backward, optimizer step, each the same call <see cref="Trainer"/> makes.
/// </summary>
public static class TrainingStep
{
    /// <summary>One step on a batch with class labels.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="labels">One class per sample, in [0, Outputs).</param>
    /// <param name="batch">Samples, 1 to the workspace's capacity.</param>
    /// <param name="optimizer">An optimizer made for the network's parameter count.</param>
    /// <param name="workspace">A workspace made by the network.</param>
    /// <returns>The batch's loss before the update.</returns>
    /// <exception cref="ArgumentException">A shape, a value or a label is wrong; nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">The network has a layer without a gradient; nothing was changed.</exception>
    public static float TrainStep(this Network network, ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Optimizer optimizer, Workspace workspace)
    {
        Check(network, optimizer);
        using var serial = new SerialScope(StepThreads.TooSmallToSplit(network, batch));
        network.CheckBatch(input, labels, batch, workspace);
        float loss = network.TrainingPasses(input, Targets.FromLabels(labels), batch, workspace);
        optimizer.Step(network.Parameters.Values, network.Parameters.Gradients);
        return loss;
    }

    /// <summary>One step on a batch with target rows.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="input">[batch, Inputs].</param>
    /// <param name="targets">[batch, Outputs].</param>
    /// <param name="batch">Samples, 1 to the workspace's capacity.</param>
    /// <param name="optimizer">An optimizer made for the network's parameter count.</param>
    /// <param name="workspace">A workspace made by the network.</param>
    /// <returns>The batch's loss before the update.</returns>
    /// <exception cref="ArgumentException">A shape or a value is wrong; nothing was changed.</exception>
    /// <exception cref="InvalidOperationException">The network has a layer without a gradient; nothing was changed.</exception>
    public static float TrainStep(this Network network, ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Optimizer optimizer, Workspace workspace)
    {
        Check(network, optimizer);
        using var serial = new SerialScope(StepThreads.TooSmallToSplit(network, batch));
        network.CheckBatch(input, targets, batch, workspace);
        float loss = network.TrainingPasses(input, Targets.FromValues(targets), batch, workspace);
        optimizer.Step(network.Parameters.Values, network.Parameters.Gradients);
        return loss;
    }

    /// <summary>Checks that <paramref name="optimizer"/> fits <paramref name="network"/> and that the network can train.</summary>
    internal static void Check(Network network, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer.ParameterCount != network.Parameters.Length)
        {
            ThrowHelper.Argument(nameof(optimizer), $"The optimizer was made for {optimizer.ParameterCount} parameters; the network has {network.Parameters.Length}.");
        }

        network.CheckTrainable();
    }
}
