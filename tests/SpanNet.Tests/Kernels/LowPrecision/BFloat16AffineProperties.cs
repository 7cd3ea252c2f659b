using System;
using SpanNet.Kernels;
using SpanNet.Kernels.LowPrecision;
using SpanNet.Kernels.Simd;
using Xunit;

namespace SpanNet.Tests.Kernels.LowPrecision;

/// <summary>
/// bfloat16 weights: the rounding against a nearest-value search in double, and both products (over the interleaved
/// layout of <see cref="BFloat16Weights"/>) against a reference of the same quantization — each output
/// <c>s = 0; s = fma(x[p], nearestBFloat16(w[p, j]), s) for p ascending; y = s + b</c>, written here as a scalar loop
/// over the plain [inputs, outputs] matrix — bit for bit, at every width.
/// Kept in the allocation tests' collection, whose allocation counts would otherwise see this class's arrays.
/// </summary>
[Collection(AllocationCollection.Name)]
public class BFloat16AffineProperties
{
    public static TheoryData<int, int, int, int> Shapes => new()
    {
        // inputs, outputs, batch, seed: ragged everywhere, one vector and less, MNIST's first and second layers; strides
        // of one to nine 16s reach every pass shape (pairs only, pairs and a tail, more than eight pairs).
        { 1, 1, 1, 1 },
        { 3, 5, 2, 2 },
        { 17, 16, 4, 3 },
        { 33, 31, 5, 4 },
        { 64, 100, 7, 5 },
        { 784, 100, 9, 6 },
        { 100, 10, 8, 7 },
        { 130, 129, 13, 8 },
        { 20, 256, 5, 9 },
        { 9, 272, 6, 10 },
        { 5, 288, 4, 11 },
        { 784, 256, 4, 12 },
    };

    [Theory]
    [InlineData(1f, 0x3F80)]
    [InlineData(1.00390625f, 0x3F80)]      // 1 + 2⁻⁸: a tie, to the even 1.0
    [InlineData(1.01171875f, 0x3F82)]      // 1 + 3·2⁻⁸: a tie, to the even 1 + 2⁻⁶
    [InlineData(-2.5f, 0xC020)]
    [InlineData(float.MaxValue, 0x7F7F)]   // would round to ∞: the largest finite instead
    [InlineData(float.MinValue, 0xFF7F)]
    [InlineData(float.PositiveInfinity, 0x7F80)]
    [InlineData(0f, 0x0000)]
    [InlineData(-0f, 0x8000)]
    public void Known_values_round_as_documented(float value, int expected) =>
        Assert.Equal(expected, BFloat16.FromSingle(value));

    [Fact]
    public void NaN_stays_NaN() => Assert.True(float.IsNaN(BFloat16.ToSingle(BFloat16.FromSingle(float.NaN))));

    [Fact]
    public void Rounding_picks_the_nearest_bfloat16_ties_to_even()
    {
        var random = new Random(9);
        for (int i = 0; i < 200_000; i++)
        {
            float value = BitConverter.Int32BitsToSingle(random.Next()) * (random.Next(2) == 0 ? 1 : -1);
            if (!float.IsFinite(value))
            {
                continue;
            }

            Assert.Equal(NearestBFloat16(value), BFloat16.FromSingle(value));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Single_and_batched_products_match_the_reference_bit_for_bit_at_every_width(int inputs, int outputs, int batch, int seed)
    {
        int stride = SparseGemv.PaddedStride(outputs);
        float[] x = RandomValues.Uniform(batch * inputs, seed);
        for (int i = 0; i < x.Length; i += 3)
        {
            x[i] = 0f;   // zeros for the single-sample loop to skip
        }

        float[] w = RandomValues.Uniform(inputs * outputs, seed + 1);
        float[] b = RandomValues.Uniform(outputs, seed + 2);
        BFloat16Weights weights = BFloat16Weights.Round(w, inputs, outputs, outputs);
        var bias = new float[stride];
        b.CopyTo(bias, 0);
        float[] expected = Reference(x, w, bias, inputs, outputs, stride, batch);
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            var batched = new float[batch * stride];
            Array.Fill(batched, float.NaN);
            BFloat16Affine.Batch(x, inputs, weights, bias, batched, batch);
            AssertBits(expected, batched, $"batched at {width}");
            for (int r = 0; r < batch; r++)
            {
                var single = new float[stride];
                Array.Fill(single, float.NaN);
                BFloat16Affine.Single(x.AsSpan(r * inputs, inputs), weights, bias, single);
                AssertBits(expected.AsSpan(r * stride, stride).ToArray(), single, $"row {r} single at {width}");
            }
        }
    }

    [Fact]
    public void Products_allocate_nothing()
    {
        int stride = SparseGemv.PaddedStride(100);
        float[] x = RandomValues.Uniform(8 * 784, 10);
        BFloat16Weights w = BFloat16Weights.Round(RandomValues.Uniform(784 * 100, 11), 784, 100, 100);
        var bias = new float[stride];
        var y = new float[8 * stride];
        KernelAllocationTests.AssertNoAllocation(() =>
        {
            BFloat16Affine.Single(x.AsSpan(0, 784), w, bias, y);
            BFloat16Affine.Batch(x, 784, w, bias, y, 8);
        });
    }

    /// <summary>
    /// The reference: one output at a time, p ascending, fused multiply-adds with each weight rounded to its nearest
    /// bfloat16, then the bias; padding outputs (j ≥ outputs) have zero weights.
    /// </summary>
    private static float[] Reference(float[] x, float[] w, float[] bias, int inputs, int outputs, int stride, int batch)
    {
        var y = new float[batch * stride];
        for (int r = 0; r < batch; r++)
        {
            for (int j = 0; j < stride; j++)
            {
                float s = 0f;
                for (int p = 0; p < inputs; p++)
                {
                    float weight = j < outputs ? BitConverter.Int32BitsToSingle(NearestBFloat16(w[(p * outputs) + j]) << 16) : 0f;
                    s = MathF.FusedMultiplyAdd(x[(r * inputs) + p], weight, s);
                }

                y[(r * stride) + j] = s + bias[j];
            }
        }

        return y;
    }

    /// <summary>The bfloat16 nearest to a finite value in double arithmetic; ties to the even pattern; the largest finite one past it.</summary>
    private static ushort NearestBFloat16(float value)
    {
        var down = (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16);   // toward zero
        var up = (ushort)(down + 1);
        double below = BitConverter.Int32BitsToSingle(down << 16);
        double above = BitConverter.Int32BitsToSingle(up << 16);
        double distanceDown = Math.Abs(value - below), distanceUp = Math.Abs(above - value);
        ushort nearest = distanceDown < distanceUp ? down : distanceUp < distanceDown ? up : (down & 1) == 0 ? down : up;
        return (nearest & 0x7F80) == 0x7F80 ? (ushort)((nearest & 0x8000) | 0x7F7F) : nearest;
    }

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, the reference gives {expected[i]:R}");
            }
        }
    }
}
