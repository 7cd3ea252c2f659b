using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using SpanNet.Memory;

namespace SpanNet.Kernels.LowPrecision;

/// <summary>
/// A dense layer's weights quantized to int8 with one scale per output: <c>W[p, j] ≈ scale[j] · q[p, j]</c>, q in
/// [−127, 127], <c>scale[j] = max_p |W[p, j]| / 127</c> (1 for an all-zero column), <c>q = round(W / scale)</c> to
/// nearest, ties to even. Immutable once made; safe to share between threads.
/// </summary>
/// <remarks>
/// The values are laid out for byte dot products four inputs deep: input group g (inputs 4g…4g+3, zero past the last
/// input), output j and t in 0…3 at <c>((g · Stride) + j) · 4 + t</c>, so one 32-bit lane of a vector holds the four
/// weights one output needs from one group — the operand <c>vpdpbusd</c> and <c>vpmaddwd</c> take. Outputs are padded
/// to <see cref="Stride"/> with zero weights and scale 1. A group's row, Stride · 4 bytes, is a whole number of 64-byte
/// lines and starts on one, so no vector load of it straddles two lines.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "An unpooled AlignedBuffer is a pinned managed array with nothing to release; a shared model has no safe moment to dispose it.")]
internal sealed class Int8Weights
{
    private readonly AlignedBuffer _values;
    private readonly float[] _scales;
    private readonly int[] _columnSums;

    private Int8Weights(int inputs, int outputs, int stride)
    {
        Inputs = inputs;
        Outputs = outputs;
        Stride = stride;
        Groups = (inputs + 3) / 4;
        _values = new AlignedBuffer(checked(Groups * stride));   // four bytes to a float
        _scales = new float[stride];
        _columnSums = new int[stride];
    }

    /// <summary>The layer's inputs: W's rows.</summary>
    public int Inputs { get; }

    /// <summary>The layer's outputs: W's columns.</summary>
    public int Outputs { get; }

    /// <summary>The outputs rounded up to a whole number of cache lines of floats (<see cref="SparseGemv.PaddedStride"/>).</summary>
    public int Stride { get; }

    /// <summary>Groups of four inputs: <c>⌈Inputs / 4⌉</c>.</summary>
    public int Groups { get; }

    /// <summary>q in the four-deep layout above.</summary>
    public ReadOnlySpan<sbyte> Values => MemoryMarshal.Cast<float, sbyte>(_values.Span);

    /// <summary>scale[j], <see cref="Stride"/> of them.</summary>
    public ReadOnlySpan<float> Scales => _scales;

    /// <summary><c>Σ_p q[p, j]</c>, for taking the input's zero point back out of a dot product.</summary>
    public ReadOnlySpan<int> ColumnSums => _columnSums;

    /// <summary>The most inputs a layer may have: beyond it a dot product of bytes could overflow 32 bits (255 · 127 · 65,536 &lt; 2³¹).</summary>
    public const int MaxInputs = 1 << 16;

    /// <summary>Quantizes <paramref name="weights"/> ([inputs, outputs], row-major, finite).</summary>
    public static Int8Weights Quantize(ReadOnlySpan<float> weights, int inputs, int outputs)
    {
        if (inputs < 1 || inputs > MaxInputs)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(inputs), $"int8 weights take 1 to {MaxInputs} inputs; this layer has {inputs}.");
        }

        Guard.Positive(outputs);
        Guard.Length(weights.Length, Guard.Product(inputs, outputs, nameof(weights)), nameof(weights));
        var result = new Int8Weights(inputs, outputs, SparseGemv.PaddedStride(outputs));
        result._scales.AsSpan().Fill(1f);
        Span<sbyte> values = MemoryMarshal.Cast<float, sbyte>(result._values.Span);
        for (int j = 0; j < outputs; j++)
        {
            float largest = 0f;
            for (int p = 0; p < inputs; p++)
            {
                largest = Math.Max(largest, Math.Abs(weights[(p * outputs) + j]));
            }

            if (!float.IsFinite(largest))
            {
                ThrowHelper.Argument(nameof(weights), $"Weight column {j} holds a value that is not finite.");
            }

            if (largest == 0f)
            {
                continue;
            }

            float scale = largest / 127f;
            float inverse = 127f / largest;
            int sum = 0;
            for (int p = 0; p < inputs; p++)
            {
                int q = Math.Clamp((int)MathF.Round(weights[(p * outputs) + j] * inverse), -127, 127);
                values[(((p / 4 * result.Stride) + j) * 4) + (p % 4)] = (sbyte)q;
                sum += q;
            }

            result._scales[j] = scale;
            result._columnSums[j] = sum;
        }

        return result;
    }

    /// <summary>q[p, j], read back from the layout.</summary>
    public int Value(int p, int j) => Values[(((p / 4 * Stride) + j) * 4) + (p % 4)];
}
