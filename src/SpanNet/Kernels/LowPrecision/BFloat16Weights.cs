using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using SpanNet.Memory;

namespace SpanNet.Kernels.LowPrecision;

/// <summary>
/// A dense layer's weights rounded to bfloat16 (<see cref="BFloat16.FromSingle(float)"/>) and laid out so that one
/// vector load widens to two vectors of floats with a shift and an AND, no shuffle. Immutable once made; safe to share
/// between threads.
/// </summary>
/// <remarks>
/// <para>
/// Row p (input p) starts at p · <see cref="RowLength"/> values, on a 64-byte line. Its first
/// <see cref="PairedColumns"/> outputs come in blocks of 32: in block c the 32-bit lane i (i &lt; 16) holds output
/// 32c + i in its low half and output 32c + 16 + i in its high half, so a load of n lanes gives outputs 32c + i… by
/// <c>lane &lt;&lt; 16</c> and outputs 32c + 16 + i… by <c>lane &amp; 0xFFFF0000</c> at any vector width n ≤ 16. A
/// stride that is an odd number of 16s ends in 16 outputs stored already widened, as the floats the bfloat16 values
/// are exactly (two values' room each), so the row stays a whole number of 64-byte lines and the tail needs no
/// widening at all.
/// </para>
/// <para>
/// Widening in order (a zero-extension then a shift) costs two shuffle-port operations per vector, which made the
/// single-sample loop bound by µops rather than by the bytes it reads; the pairs cost one shift and one AND per vector.
/// </para>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "An unpooled AlignedBuffer is a pinned managed array with nothing to release; a shared model has no safe moment to dispose it.")]
internal sealed class BFloat16Weights
{
    /// <summary>Outputs per interleaved block: two halves of 16, one 64-byte line of bfloat16.</summary>
    public const int BlockColumns = 32;

    private readonly AlignedBuffer _storage;

    private BFloat16Weights(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
        Stride = SparseGemv.PaddedStride(outputs);
        PairedColumns = Stride / BlockColumns * BlockColumns;
        RowLength = PairedColumns + (2 * (Stride - PairedColumns));

        // Two bfloat16 to a float; RowLength is a multiple of 32, so every row is a whole number of 64-byte lines.
        _storage = new AlignedBuffer(checked(inputs * RowLength / 2));
    }

    /// <summary>The layer's inputs: W's rows.</summary>
    public int Inputs { get; }

    /// <summary>The layer's outputs: W's columns.</summary>
    public int Outputs { get; }

    /// <summary>The outputs rounded up to a multiple of 16 (<see cref="SparseGemv.PaddedStride"/>): values per row, and the outputs a product writes.</summary>
    public int Stride { get; }

    /// <summary>The outputs stored in interleaved blocks of 32: Stride rounded down to a multiple of 32.</summary>
    public int PairedColumns { get; }

    /// <summary>The 16-bit values per row: <see cref="PairedColumns"/>, then two for each tail output.</summary>
    public int RowLength { get; }

    /// <summary>The values in the layout above (the tail's floats as pairs of 16-bit halves); padding outputs are zero.</summary>
    public ReadOnlySpan<ushort> Values => MemoryMarshal.Cast<float, ushort>(_storage.Span);

    /// <summary>
    /// Rounds W ([inputs, outputs], row p at p · <paramref name="sourceStride"/>, finite) into the layout above.
    /// </summary>
    /// <param name="weights">The fp32 weights.</param>
    /// <param name="inputs">W's rows.</param>
    /// <param name="outputs">W's columns.</param>
    /// <param name="sourceStride">The distance between W's rows in <paramref name="weights"/>, at least <paramref name="outputs"/>.</param>
    /// <returns>The rounded weights.</returns>
    public static BFloat16Weights Round(ReadOnlySpan<float> weights, int inputs, int outputs, int sourceStride)
    {
        Guard.Positive(inputs);
        Guard.Positive(outputs);
        if (sourceStride < outputs)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(sourceStride), $"The source stride {sourceStride} is shorter than a row of {outputs} outputs.");
        }

        Guard.AtLeast(weights.Length, ((long)(inputs - 1) * sourceStride) + outputs, nameof(weights));
        var result = new BFloat16Weights(inputs, outputs);
        Span<ushort> values = MemoryMarshal.Cast<float, ushort>(result._storage.Span);
        for (int p = 0; p < inputs; p++)
        {
            ReadOnlySpan<float> source = weights.Slice(p * sourceStride, outputs);
            Span<ushort> row = values.Slice(p * result.RowLength, result.RowLength);
            Span<float> tail = MemoryMarshal.Cast<ushort, float>(row[result.PairedColumns..]);
            for (int j = 0; j < outputs; j++)
            {
                ushort rounded = BFloat16.FromSingle(source[j]);
                if (j < result.PairedColumns)
                {
                    row[Position(j)] = rounded;
                }
                else
                {
                    tail[j - result.PairedColumns] = BFloat16.ToSingle(rounded);
                }
            }
        }

        return result;
    }

    /// <summary>Where output <paramref name="j"/> of the interleaved blocks sits within a row.</summary>
    private static int Position(int j)
    {
        int block = j / BlockColumns * BlockColumns, within = j % BlockColumns;
        return block + (within < 16 ? 2 * within : (2 * (within - 16)) + 1);
    }
}
