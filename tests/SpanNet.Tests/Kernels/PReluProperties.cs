using System;
using FsCheck.Xunit;
using SpanNet.Kernels;
using SpanNet.Kernels.Simd;
using SpanNet.Tests.Reference;
using Xunit;

namespace SpanNet.Tests.Kernels;

/// <summary>PReLU with a slope per feature: forward and dInput exact, dSlopes accumulated, in row order, bit for bit.</summary>
public class PReluProperties
{
    // Σ_r dy·x over at most 100 rows (BatchCases), accumulated in float with one fused rounding per row, from a start
    // value g: each rounding is within 2⁻²⁴ of the running sum, so the error is at most rows·2⁻²⁴·(|g| + Σ|dy·x|).
    private const double FloatUnitRoundoff = 5.96e-8;

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 60)]
    public void Forward_and_backward_match_the_reference_on_every_width(BatchCase c)
    {
        int batch = c.Rows, features = c.Columns;
        float[] x = WideValues.Mixed(batch * features, c.Seed);
        float[] dy = RandomValues.Uniform(batch * features, c.Seed + 1);
        float[] slopes = RandomValues.Uniform(features, c.Seed + 2, scale: 0.5f);
        float[] start = RandomValues.Uniform(features, c.Seed + 3);
        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            var y = new float[x.Length];
            Activations.PRelu(x, slopes, y, batch, features);
            var dx = new float[x.Length];
            float[] dSlopes = (float[])start.Clone();
            Activations.PReluBackward(dy, x, slopes, dx, dSlopes, batch, features);
            for (int r = 0; r < batch; r++)
            {
                for (int j = 0; j < features; j++)
                {
                    int i = (r * features) + j;

                    // A float product rounded once is the double product rounded to float: exact comparisons.
                    Assert.Equal((float)NaiveKernels.PRelu(x[i], slopes[j]), y[i]);
                    Assert.Equal(x[i] > 0 ? dy[i] : (float)((double)slopes[j] * dy[i]), dx[i]);
                }
            }

            for (int j = 0; j < features; j++)
            {
                double sum = start[j], magnitude = Math.Abs(start[j]);
                for (int r = 0; r < batch; r++)
                {
                    int i = (r * features) + j;
                    double term = x[i] > 0 ? 0 : (double)dy[i] * x[i];
                    sum += term;
                    magnitude += Math.Abs(term);
                }

                double bound = Math.Max(batch, 1) * FloatUnitRoundoff * magnitude;
                Assert.True(Math.Abs(dSlopes[j] - sum) <= bound, $"dSlopes[{j}] on {width} is {dSlopes[j]}, expected {sum} ± {bound:E3}");
            }
        }
    }

    [Property(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 40)]
    public void The_slope_gradient_is_bit_identical_across_runs_widths_and_in_place_or_skipped_dInput(BatchCase c)
    {
        int batch = c.Rows, features = c.Columns;
        float[] x = RandomValues.Uniform(batch * features, c.Seed, scale: 4f);
        float[] dy = RandomValues.Uniform(batch * features, c.Seed + 1);
        float[] slopes = RandomValues.Uniform(features, c.Seed + 2, scale: 0.5f);
        float[] start = RandomValues.Uniform(features, c.Seed + 3);

        // The documented order: row by row, each term fused into the running value.
        float[] rowOrder = (float[])start.Clone();
        for (int r = 0; r < batch; r++)
        {
            for (int j = 0; j < features; j++)
            {
                int i = (r * features) + j;
                rowOrder[j] = x[i] > 0 ? rowOrder[j] : MathF.FusedMultiplyAdd(dy[i], x[i], rowOrder[j]);
            }
        }

        float[] expectedDx = new float[x.Length];
        using (WidthDispatcher.Force(SimdWidth.Scalar))
        {
            Activations.PReluBackward(dy, x, slopes, expectedDx, (float[])start.Clone(), batch, features);
        }

        foreach (SimdWidth width in Widths.Available)
        {
            using WidthDispatcher.ForcedWidth forced = WidthDispatcher.Force(width);
            for (int run = 0; run < 2; run++)
            {
                float[] dSlopes = (float[])start.Clone();
                float[] dx = new float[x.Length];
                Activations.PReluBackward(dy, x, slopes, dx, dSlopes, batch, features);
                ActivationAssert.SameBits(rowOrder, dSlopes, $"dSlopes on {width}, run {run}");
                ActivationAssert.SameBits(expectedDx, dx, $"dInput on {width}, run {run}");
            }

            float[] skipped = (float[])start.Clone();
            Activations.PReluBackward(dy, x, slopes, [], skipped, batch, features);
            ActivationAssert.SameBits(rowOrder, skipped, $"dSlopes with dInput skipped on {width}");

            // dInput over dOutput, then over the input: the slope gradient has read each row before it is overwritten.
            float[] overDy = (float[])dy.Clone();
            float[] overDySlopes = (float[])start.Clone();
            Activations.PReluBackward(overDy, x, slopes, overDy, overDySlopes, batch, features);
            ActivationAssert.SameBits(expectedDx, overDy, $"dInput in place over dOutput on {width}");
            ActivationAssert.SameBits(rowOrder, overDySlopes, $"dSlopes with dInput over dOutput on {width}");

            float[] overX = (float[])x.Clone();
            float[] overXSlopes = (float[])start.Clone();
            Activations.PReluBackward(dy, overX, slopes, overX, overXSlopes, batch, features);
            ActivationAssert.SameBits(expectedDx, overX, $"dInput in place over the input on {width}");
            ActivationAssert.SameBits(rowOrder, overXSlopes, $"dSlopes with dInput over the input on {width}");

            float[] y = new float[x.Length], inPlace = (float[])x.Clone();
            Activations.PRelu(x, slopes, y, batch, features);
            Activations.PRelu(inPlace, slopes, inPlace, batch, features);
            ActivationAssert.SameBits(y, inPlace, $"forward in place on {width}");
        }
    }

    [Fact]
    public void Slope_gradients_accumulate_and_a_positive_input_ignores_a_non_finite_gradient_as_torch_does()
    {
        float[] x = [2f, -1f, 0f, -3f];
        float[] dy = [float.PositiveInfinity, 4f, 5f, float.NaN];
        float[] slopes = [0.25f, 0.5f, 0.75f, 1f];
        float[] dSlopes = [10f, 10f, 10f, 10f];
        float[] dx = new float[4];
        Activations.PReluBackward(dy, x, slopes, dx, dSlopes, 1, 4);
        Activations.PReluBackward(dy, x, slopes, dx, dSlopes, 1, 4);

        // torch: x > 0 ? 0 : x·dy, summed into the existing gradient; x = 0 counts as not positive (0·5 = 0).
        Assert.Equal(10f, dSlopes[0]);
        Assert.Equal(10f - 4f - 4f, dSlopes[1]);
        Assert.Equal(10f, dSlopes[2]);
        Assert.True(float.IsNaN(dSlopes[3]));
        Assert.Equal(float.PositiveInfinity, dx[0]);
        Assert.Equal(2f, dx[1]);
        Assert.Equal(3.75f, dx[2]);
    }
}
