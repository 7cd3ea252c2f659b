using System;
using System.Runtime.CompilerServices;
using SpanNet.Layers;

namespace SpanNet.Networks;

// The checks every public entry point of Network makes before it writes anything.
public sealed partial class Network
{
    private void CheckBackward(ReadOnlySpan<float> input, int batch, Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Network, this))
        {
            ThrowHelper.Argument(nameof(workspace), "The workspace was made for a different network.");
        }

        if (batch < 1 || workspace.LossBatch != batch)
        {
            ThrowHelper.InvalidOperation(workspace.LossBatch == 0
                ? "Backward needs the loss of this batch: call ComputeLoss on the same input and workspace first."
                : $"The workspace holds the loss of a batch of {workspace.LossBatch}, not {batch}.");
        }

        // ComputeLoss scanned the values of this input; the shape is all that is left to check.
        Guard.Length(input.Length, (long)batch * Inputs, nameof(input));
        CheckTrainable();
    }

    /// <summary>The checks of a training step's batch against class labels, before anything changes.</summary>
    internal void CheckBatch(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckLabels(labels, batch);
    }

    /// <summary>The checks of a training step's batch against target rows, before anything changes.</summary>
    internal void CheckBatch(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, int batch, Workspace workspace)
    {
        CheckInput(input, batch, workspace);
        CheckTargets(targets, batch);
    }

    /// <summary>The checks of an entry point's input; <paramref name="inputName"/> is the caller's name for it (Classify's <c>sample</c>).</summary>
    private void CheckInput(ReadOnlySpan<float> input, int batch, Workspace workspace, [CallerArgumentExpression(nameof(input))] string inputName = "")
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Network, this))
        {
            ThrowHelper.Argument(nameof(workspace), "The workspace was made for a different network.");
        }

        if (batch < 1 || batch > workspace.Capacity)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(batch), $"batch is {batch}; the workspace holds 1 to {workspace.Capacity} samples.");
        }

        Guard.Length(input.Length, (long)batch * Inputs, inputName);
        InputValidation.Finite(input, inputName);
    }

    private void CheckLabels(ReadOnlySpan<int> labels, int batch)
    {
        if (!Loss.AcceptsLabels)
        {
            ThrowHelper.Argument(nameof(labels), $"{Loss.Kind} needs target rows, not class labels.");
        }

        Guard.Length(labels.Length, batch, nameof(labels));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)Outputs)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(labels), $"labels[{i}] is {labels[i]}; classes are 0 to {Outputs - 1}.");
            }
        }
    }

    private void CheckTargets(ReadOnlySpan<float> targets, int batch)
    {
        Guard.Length(targets.Length, (long)batch * Outputs, nameof(targets));
        InputValidation.Finite(targets, nameof(targets));
    }

    internal void CheckTrainable()
    {
        foreach (Layer layer in _layers)
        {
            if (!layer.IsTrainable)
            {
                ThrowHelper.InvalidOperation($"The network has a {layer.Name} layer, which has no gradient, so it cannot be trained.");
            }
        }
    }
}
