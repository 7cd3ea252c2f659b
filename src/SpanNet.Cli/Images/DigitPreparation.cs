using System;
using SpanNet.Data;

namespace SpanNet.Cli.Images;

/// <summary>
/// Turns a picture of a digit into the network's input: MNIST's light digit on a dark ground, 28 × 28. A picture of
/// another size is padded to a square with its background and area-averaged down (or up) to 28 × 28.
/// </summary>
internal static class DigitPreparation
{
    /// <summary>A border averaging above this brightness is taken for a light ground.</summary>
    private const float LightBorder = 0.5f;

    public static PreparedDigit Prepare(GrayImage image, InvertMode mode)
    {
        bool invert = mode == InvertMode.Always || (mode == InvertMode.Auto && BorderMean(image) > LightBorder);
        float[] pixels = (float[])image.Pixels.Clone();
        if (invert)
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = 1f - pixels[i];
            }
        }

        bool resized = image.Width != MnistDataset.ImageColumns || image.Height != MnistDataset.ImageRows;
        if (resized)
        {
            pixels = ResizeToMnist(pixels, image.Width, image.Height);
        }

        return new PreparedDigit(pixels, invert, resized);
    }

    private static float BorderMean(GrayImage image)
    {
        double sum = 0;
        int count = 0;
        for (int x = 0; x < image.Width; x++)
        {
            sum += image[x, 0] + image[x, image.Height - 1];
            count += 2;
        }

        for (int y = 1; y < image.Height - 1; y++)
        {
            sum += image[0, y] + image[image.Width - 1, y];
            count += 2;
        }

        return (float)(sum / count);
    }

    /// <summary>
    /// Centres the picture in a square of its longer side (the padding is 0, the dark ground), then area-averages: each
    /// target pixel is the mean of the square of the padded picture it covers, partly covered pixels weighted by the
    /// part. The sums run over the picture's own pixels (each touches at most two target columns and rows when the
    /// picture is larger than the target), so the cost is proportional to width × height, never to the padded square:
    /// a 16384 × 1 strip costs 16384 steps, not 16384².
    /// </summary>
    private static float[] ResizeToMnist(float[] pixels, int width, int height)
    {
        const int Target = MnistDataset.ImageRows;
        int side = Math.Max(width, height);
        double scale = (double)side / Target;
        Coverage[] columns = Coverages(width, (side - width) / 2, scale);
        Coverage[] rows = Coverages(height, (side - height) / 2, scale);
        double[] sums = new double[Target * Target];
        for (int y = 0; y < height; y++)
        {
            Coverage row = rows[y];
            for (int x = 0; x < width; x++)
            {
                Coverage column = columns[x];
                double value = pixels[(y * width) + x];
                for (int ty = row.First; ty <= row.Last; ty++)
                {
                    double weightY = row.Weight(ty, scale);
                    for (int tx = column.First; tx <= column.Last; tx++)
                    {
                        sums[(ty * Target) + tx] += value * weightY * column.Weight(tx, scale);
                    }
                }
            }
        }

        float[] result = new float[Target * Target];
        double area = scale * scale;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (float)(sums[i] / area);
        }

        return result;
    }

    /// <summary>For each source pixel along one axis, the target pixels its padded span [p, p + 1) overlaps.</summary>
    private static Coverage[] Coverages(int length, int offset, double scale)
    {
        var coverages = new Coverage[length];
        for (int i = 0; i < length; i++)
        {
            int start = i + offset;
            int first = (int)Math.Floor(start / scale);
            int last = Math.Min(MnistDataset.ImageRows - 1, (int)Math.Ceiling((start + 1) / scale) - 1);
            coverages[i] = new Coverage(start, first, Math.Max(first, last));
        }

        return coverages;
    }

    /// <summary>A source pixel at padded position <see cref="Start"/>, overlapping target pixels <see cref="First"/> to <see cref="Last"/>.</summary>
    private readonly record struct Coverage(int Start, int First, int Last)
    {
        /// <summary>How much of [Start, Start + 1) lies in target pixel <paramref name="target"/>'s [t·scale, (t + 1)·scale).</summary>
        public double Weight(int target, double scale) =>
            Math.Max(0, Math.Min(Start + 1, (target + 1) * scale) - Math.Max(Start, target * scale));
    }
}
