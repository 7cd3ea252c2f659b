using System;
using System.Collections.Generic;
using System.Linq;
using SpanNet.Kernels.LowPrecision;
using Xunit;

namespace SpanNet.Tests.Kernels.LowPrecision;

/// <summary>
/// int8 weights and on-the-fly input quantization: the weights within half a step of the originals, the input bytes
/// against the documented formula written out here, and every product against exact integer dot products (64-bit
/// sums here) followed by the one documented fused multiply-add, bit for bit, on every path this CPU has.
/// Kept in the allocation tests' collection, whose allocation counts would otherwise see this class's arrays.
/// </summary>
[Collection(AllocationCollection.Name)]
public class Int8AffineProperties
{
    public static TheoryData<int, int, int, bool, int> Shapes => new()
    {
        // inputs, outputs, batch, signed input, seed
        { 1, 1, 1, false, 1 },
        { 3, 5, 2, true, 2 },
        { 17, 16, 3, false, 3 },
        { 33, 31, 4, true, 4 },
        { 784, 100, 5, false, 5 },
        { 784, 100, 3, true, 6 },
        { 100, 10, 6, false, 7 },
        { 257, 129, 2, true, 8 },
    };

    public static IEnumerable<Int8Path> AvailablePaths =>
        Enum.GetValues<Int8Path>().Where(Int8Affine.IsAvailable);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Weights_are_within_half_a_step_and_use_the_whole_range(int inputs, int outputs, int batch, bool signed, int seed)
    {
        _ = batch;
        _ = signed;
        float[] w = RandomValues.Uniform(inputs * outputs, seed);
        Int8Weights q = Int8Weights.Quantize(w, inputs, outputs);
        for (int j = 0; j < outputs; j++)
        {
            float scale = q.Scales[j];
            int largest = 0, sum = 0;
            for (int p = 0; p < inputs; p++)
            {
                int value = q.Value(p, j);
                Assert.InRange(value, -127, 127);
                // Half a step, plus the float roundings of w · (127 / max) before it is rounded and of the scale itself.
                Assert.True(Math.Abs((value * (double)scale) - w[(p * outputs) + j]) <= scale * 0.50005, $"W[{p}, {j}]");
                largest = Math.Max(largest, Math.Abs(value));
                sum += value;
            }

            Assert.Equal(127, largest);
            Assert.Equal(sum, q.ColumnSums[j]);
        }

        // The padding: zero weights past the last input and output.
        for (int j = outputs; j < q.Stride; j++)
        {
            Assert.Equal(0, q.ColumnSums[j]);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_path_gives_the_exact_integer_products_and_the_same_bits(int inputs, int outputs, int batch, bool signed, int seed)
    {
        float[] x = RandomValues.Uniform(batch * inputs, seed);
        for (int i = 0; i < x.Length; i++)
        {
            // The first half of each row has no group of four zeros (the 512-bit gather takes sixteen groups at a
            // time); the second half has whole zero groups between nonzero ones (it takes them one by one, skipping).
            int column = i % inputs;
            bool zero = column < inputs / 2 ? i % 5 < 2 : column / 8 % 3 == 0;
            x[i] = zero ? 0f : signed ? x[i] : Math.Abs(x[i]);
        }

        float[] w = RandomValues.Uniform(inputs * outputs, seed + 1);
        Int8Weights q = Int8Weights.Quantize(w, inputs, outputs);
        var bias = new float[q.Stride];
        RandomValues.Uniform(outputs, seed + 2).CopyTo(bias, 0);
        float[] expected = Reference(x, q, bias, inputs, batch);
        var quantized = new byte[Int8Affine.QuantizedLength(q)];
        var sums = new int[q.Stride];
        foreach (Int8Path path in AvailablePaths)
        {
            Int8Path? previous = Int8Affine.Force(path);
            try
            {
                var y = new float[batch * q.Stride];
                Array.Fill(y, float.NaN);
                Int8Affine.Batch(x, inputs, q, bias, y, batch, quantized, sums);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(y[i]), $"{path}: element {i} is {y[i]:R}, the reference gives {expected[i]:R}");
                }
            }
            finally
            {
                Int8Affine.Force(previous);
            }
        }
    }

    [Fact]
    public void The_input_row_is_quantized_as_documented()
    {
        float[] positive = [0f, 0.5f, 1f, 2f, 0.25f];
        var bytes = new byte[8];
        (float scale, int zeroPoint) = Int8Affine.QuantizeRow(positive, bytes);
        Assert.Equal(0, zeroPoint);
        Assert.Equal(2f / 127f, scale);
        Assert.Equal(new byte[] { 0, 32, 64, 127, 16, 0, 0, 0 }, bytes);   // 31.75 → 32, 63.5 → 64 (even), 15.875 → 16

        float[] mixed = [-1f, 0.5f, 0f, 1f];
        (scale, zeroPoint) = Int8Affine.QuantizeRow(mixed, bytes.AsSpan(0, 4));
        Assert.Equal(64, zeroPoint);
        Assert.Equal(1f / 63f, scale);
        Assert.Equal(new byte[] { 1, 96, 64, 127 }, bytes[..4]);   // 31.5 → 32 (even)

        (scale, zeroPoint) = Int8Affine.QuantizeRow(new float[3], bytes.AsSpan(0, 4));
        Assert.Equal((1f, 0), (scale, zeroPoint));
        Assert.Equal(new byte[4], bytes[..4]);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(37, 2)]
    [InlineData(784, 3)]
    [InlineData(1000, 4)]
    public void Long_rows_quantize_like_the_formula_written_out(int length, int seed)
    {
        float[] x = RandomValues.Uniform(length, seed, 3f);
        foreach (bool signed in new[] { false, true })
        {
            float[] row = signed ? x : Array.ConvertAll(x, Math.Abs);
            var bytes = new byte[(length + 3) / 4 * 4];
            (float scale, int zeroPoint) = Int8Affine.QuantizeRow(row, bytes);
            (float expectedScale, int expectedZeroPoint, int[] expected) = Quantize(row);
            Assert.Equal((expectedScale, expectedZeroPoint), (scale, zeroPoint));
            for (int p = 0; p < bytes.Length; p++)
            {
                Assert.Equal(p < length ? expected[p] : zeroPoint, bytes[p]);
            }
        }
    }

    [Fact]
    public void Products_allocate_nothing()
    {
        float[] x = RandomValues.Uniform(4 * 784, 11);
        Int8Weights q = Int8Weights.Quantize(RandomValues.Uniform(784 * 100, 12), 784, 100);
        var bias = new float[q.Stride];
        var y = new float[4 * q.Stride];
        var quantized = new byte[Int8Affine.QuantizedLength(q)];
        var sums = new int[q.Stride];
        KernelAllocationTests.AssertNoAllocation(() => Int8Affine.Batch(x, 784, q, bias, y, 4, quantized, sums));
    }

    /// <summary>The documented seven-bit quantization of a row: sₓ, z and the bytes.</summary>
    private static (float Scale, int ZeroPoint, int[] Bytes) Quantize(ReadOnlySpan<float> row)
    {
        float largest = 0f, smallest = 0f;
        foreach (float value in row)
        {
            largest = Math.Max(largest, value);
            smallest = Math.Min(smallest, value);
        }

        bool signed = smallest < 0f;
        float magnitude = signed ? Math.Max(largest, -smallest) : largest;
        int zeroPoint = signed ? 64 : 0;
        float levels = signed ? 63f : 127f;
        var u = new int[row.Length];
        for (int p = 0; p < row.Length; p++)
        {
            u[p] = magnitude == 0f ? zeroPoint : Math.Clamp(zeroPoint + (int)Math.Round(row[p] * (levels / magnitude), MidpointRounding.ToEven), 0, 127);
        }

        return (magnitude == 0f ? 1f : magnitude / levels, zeroPoint, u);
    }

    /// <summary>The documented quantization of each row, exact 64-bit dot products, then the one fused multiply-add.</summary>
    private static float[] Reference(float[] x, Int8Weights q, float[] bias, int inputs, int batch)
    {
        var y = new float[batch * q.Stride];
        for (int r = 0; r < batch; r++)
        {
            (float scale, int zeroPoint, int[] u) = Quantize(x.AsSpan(r * inputs, inputs));
            for (int j = 0; j < q.Stride; j++)
            {
                long dot = 0;
                for (int p = 0; p < inputs; p++)
                {
                    dot += (long)(u[p] - zeroPoint) * q.Value(p, j);
                }

                y[(r * q.Stride) + j] = MathF.FusedMultiplyAdd(dot, scale * q.Scales[j], bias[j]);
            }
        }

        return y;
    }
}
