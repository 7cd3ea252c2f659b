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

    /// <summary>Centres the picture in a square of its longer side (the padding is 0, the dark ground), then area-averages.</summary>
    private static float[] ResizeToMnist(float[] pixels, int width, int height)
    {
        int side = Math.Max(width, height);
        int offsetX = (side - width) / 2, offsetY = (side - height) / 2;
        const int Target = MnistDataset.ImageRows;
        float[] result = new float[Target * Target];
        double scale = (double)side / Target;
        for (int ty = 0; ty < Target; ty++)
        {
            for (int tx = 0; tx < Target; tx++)
            {
                result[(ty * Target) + tx] = (float)AreaMean(pixels, width, height, offsetX, offsetY, tx * scale, ty * scale, scale);
            }
        }

        return result;
    }

    /// <summary>The mean of the square [x0, x0 + size) × [y0, y0 + size) of the padded picture, weighting partly covered pixels.</summary>
    private static double AreaMean(float[] pixels, int width, int height, int offsetX, int offsetY, double x0, double y0, double size)
    {
        double sum = 0;
        for (int sy = (int)Math.Floor(y0); sy < Math.Ceiling(y0 + size); sy++)
        {
            double coverY = Math.Min(sy + 1, y0 + size) - Math.Max(sy, y0);
            int py = sy - offsetY;
            for (int sx = (int)Math.Floor(x0); sx < Math.Ceiling(x0 + size); sx++)
            {
                int px = sx - offsetX;
                if (px >= 0 && px < width && py >= 0 && py < height)
                {
                    double coverX = Math.Min(sx + 1, x0 + size) - Math.Max(sx, x0);
                    sum += pixels[(py * width) + px] * coverX * coverY;
                }
            }
        }

        return sum / (size * size);
    }
}
