using System;
using SpanNet.Kernels;

namespace SpanNet.Layers;

/// <summary>
/// A per-feature affine map <c>y = x·scale + shift</c> on one sample: what BatchNorm, a standardisation and dropout are
/// at inference. The inference model folds it into a dense step before it when there is one.
/// </summary>
internal sealed class AffineSampleStep : SampleStep
{
    private readonly float[] _scale;
    private readonly float[] _shift;

    public AffineSampleStep(float[] scale, float[] shift)
        : base(scale.Length, scale.Length)
    {
        _scale = scale;
        _shift = shift;
    }

    /// <summary>The map's per-feature scale.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>The map's per-feature shift.</summary>
    public ReadOnlySpan<float> Shift => _shift;

    /// <summary>Whether the map is <c>y = x</c> (every scale 1, every shift 0): a step that can be left out.</summary>
    public bool IsIdentity => Array.TrueForAll(_scale, static s => s == 1f) && Array.TrueForAll(_shift, static t => t == 0f);

    public override void Run(ReadOnlySpan<float> input, Span<float> output, Span<float> scratchA, Span<float> scratchB) =>
        Normalization.MultiplyAdd(input, _scale, _shift, output[..Outputs]);
}
