using System;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Memory;
using SpanNet.Networks;

namespace SpanNet.Inference;

/// <summary>
/// One thread's way into a shared <see cref="InferenceModel"/>: the few buffers a forward pass writes (two
/// activation rows), made once here so no call allocates, locks or touches shared
/// mutable state. Cheap to create: a few kilobytes for an MNIST-sized network.
/// </summary>
/// <remarks>
/// <para>
/// A session is not thread-safe: give each thread its own. Sessions over the same model, on any threads, return
/// bit-identical results for the same input.
/// </para>
/// <para>
/// Every call checks its whole input first (lengths, and NaN or ±∞ by one vectorized probe) and throws
/// <see cref="ArgumentException"/> before writing anything. Dense layers skip the weight rows of zero inputs, so a
/// sparse input such as an MNIST digit runs several times faster than a dense one; the results are the same either way.
/// </para>
/// </remarks>
public sealed class InferenceSession : IDisposable
{
    private readonly InferenceModel _model;
    private readonly AlignedBuffer _activationsA;
    private readonly AlignedBuffer _activationsB;
    private readonly AlignedBuffer _scratchA;
    private readonly AlignedBuffer _scratchB;
    private bool _disposed;

    internal InferenceSession(InferenceModel model)
    {
        _model = model;
        _activationsA = new AlignedBuffer(model.WidestActivation);
        _activationsB = new AlignedBuffer(model.WidestActivation);
        _scratchA = new AlignedBuffer(model.ScratchLength);
        _scratchB = new AlignedBuffer(model.ScratchLength);
    }

    /// <summary>The model this session runs.</summary>
    public InferenceModel Model => _model;

    /// <summary>What the network predicts for one sample: the last layer's scores turned into <see cref="InferenceModel.PredictionOutput"/>.</summary>
    /// <param name="input">Model.Inputs floats, all finite.</param>
    /// <param name="output">Written: Model.Outputs floats. Must not overlap <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">A length is wrong or an input is NaN or ±∞; nothing was written.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        CheckInput(input, 1, nameof(input));
        Guard.Length(output.Length, _model.Outputs, nameof(output));
        Predictions.Write(_model.PredictionOutput, Forward(input), output, 1, _model.Outputs);
    }

    /// <summary>
    /// Predictions for <paramref name="batch"/> samples, one after another through the single-sample path, so each
    /// row equals <see cref="Predict(ReadOnlySpan{float}, Span{float})"/> on that row alone, bit for bit.
    /// </summary>
    /// <param name="inputs">[batch, Model.Inputs] row-major, all finite.</param>
    /// <param name="outputs">Written: [batch, Model.Outputs]. Must not overlap <paramref name="inputs"/>.</param>
    /// <param name="batch">Samples, at least 1.</param>
    /// <exception cref="ArgumentException">A length is wrong or an input is NaN or ±∞; nothing was written.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is not positive.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <remarks>
    /// For bulk scoring of large dense batches, <see cref="Network.Predict"/> with a workspace runs the packed GEMM,
    /// which reuses each weight across rows; this form favours identical answers and no per-batch setup.
    /// </remarks>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batch)
    {
        Guard.Positive(batch);
        CheckInput(inputs, batch, nameof(inputs));
        Guard.Length(outputs.Length, (long)batch * _model.Outputs, nameof(outputs));
        int inputWidth = _model.Inputs, outputWidth = _model.Outputs;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> last = Forward(inputs.Slice(i * inputWidth, inputWidth));
            Predictions.Write(_model.PredictionOutput, last, outputs.Slice(i * outputWidth, outputWidth), 1, outputWidth);
        }
    }

    /// <summary>The class of one sample: the index of the largest output (the first on ties).</summary>
    /// <param name="input">Model.Inputs floats, all finite.</param>
    /// <returns>A class in [0, Model.Outputs).</returns>
    /// <exception cref="ArgumentException">The length is wrong or an input is NaN or ±∞.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public int Classify(ReadOnlySpan<float> input)
    {
        // Softmax keeps the order of the scores, so the argmax of the raw output is the predicted class.
        CheckInput(input, 1, nameof(input));
        return Reductions.ArgMax(Forward(input));
    }

    /// <summary>Releases the session's buffers; the model is untouched and other sessions go on.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _activationsA.Dispose();
        _activationsB.Dispose();
        _scratchA.Dispose();
        _scratchB.Dispose();
    }

    /// <summary>Runs every step on one checked sample; returns the last step's output (Model.Outputs floats).</summary>
    private ReadOnlySpan<float> Forward(ReadOnlySpan<float> sample)
    {
        Span<float> next = _activationsA.Span;
        Span<float> spare = _activationsB.Span;
        ReadOnlySpan<float> current = sample;
        foreach (SampleStep step in _model.Steps)
        {
            step.Run(current, next[..step.Stride], _scratchA.Span, _scratchB.Span);
            current = next[..step.Outputs];
            Span<float> written = next;
            next = spare;
            spare = written;
        }

        return current;
    }

    private void CheckInput(ReadOnlySpan<float> input, int batch, string name)
    {
        if (_disposed)
        {
            ThrowHelper.ObjectDisposed(nameof(InferenceSession));
        }

        Guard.Length(input.Length, (long)batch * _model.Inputs, name);
        InputValidation.Finite(input, name);
    }
}
