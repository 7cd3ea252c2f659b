using System;

namespace SpanNet.Layers;

/// <summary>
/// One layer of an inference model as a single sample runs through it: its own copy of the numbers it needs, laid
/// out for one row, never written after it is made (so any number of threads share it).
/// </summary>
internal abstract class SampleStep
{
    protected SampleStep(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>Features coming in.</summary>
    public int Inputs { get; }

    /// <summary>Features going out.</summary>
    public int Outputs { get; }

    /// <summary>How many floats <see cref="Run"/> may write into its output (a dense step pads rows to whole cache lines).</summary>
    public virtual int Stride => Outputs;

    /// <summary>How many floats of each of the two scratch rows <see cref="Run"/> needs (a residual block's inner layers).</summary>
    public virtual int ScratchLength => 0;

    /// <summary>output[..Stride] = f(input); <paramref name="scratchA"/> and <paramref name="scratchB"/> are the session's spare rows.</summary>
    public abstract void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB);

    /// <summary>
    /// Folds a per-feature affine map <c>y = x·scale + shift</c> that follows this step into it, if this step can (a
    /// dense step scales its weight columns and bias); returns whether it did.
    /// </summary>
    public virtual bool TryAbsorbAffine(ReadOnlySpan<float> scale, ReadOnlySpan<float> shift) => false;

    /// <summary>
    /// This step with every dense step in it (itself, or the ones inside a block) replaced by what
    /// <paramref name="convert"/> makes of it: how a model stores its weights at another precision. Other steps are
    /// returned as they are.
    /// </summary>
    public virtual SampleStep ConvertDense(Func<DenseSampleStep, SampleStep> convert) => this;
}
