using System;
using System.IO;
using SpanNet.Data;
using SpanNet.Tests.IO;

namespace SpanNet.Tests.Cli;

/// <summary>
/// A tiny MNIST-shaped data set that a small network separates perfectly: digit c is a bright horizontal bar on rows
/// 4 + 2c and 5 + 2c over faint noise, so each class lights pixels no other class lights.
/// </summary>
internal static class SeparableDigits
{
    public const int TrainCount = 300;
    public const int TestCount = 100;

    /// <summary>Writes the four IDX files into <paramref name="directory"/>.</summary>
    public static void WriteTo(string directory)
    {
        Write(directory, MnistDataset.TrainImagesFileName, MnistDataset.TrainLabelsFileName, TrainCount, seed: 1);
        Write(directory, MnistDataset.TestImagesFileName, MnistDataset.TestLabelsFileName, TestCount, seed: 2);
    }

    /// <summary>One 28 × 28 image of <paramref name="digit"/> as bytes, 0 black to 255 white.</summary>
    public static byte[] Image(int digit, Random random)
    {
        byte[] pixels = new byte[MnistDataset.PixelsPerImage];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)random.Next(0, 40);
        }

        for (int row = 4 + (2 * digit); row <= 5 + (2 * digit); row++)
        {
            for (int column = 4; column < 24; column++)
            {
                pixels[(row * MnistDataset.ImageColumns) + column] = (byte)random.Next(200, 256);
            }
        }

        return pixels;
    }

    private static void Write(string directory, string imagesName, string labelsName, int count, int seed)
    {
        var random = new Random(seed);
        byte[] pixels = new byte[count * MnistDataset.PixelsPerImage];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % MnistDataset.Classes);
            Image(labels[i], random).CopyTo(pixels, i * MnistDataset.PixelsPerImage);
        }

        File.WriteAllBytes(Path.Combine(directory, imagesName), IdxWriter.Images(count, MnistDataset.ImageRows, MnistDataset.ImageColumns, pixels));
        File.WriteAllBytes(Path.Combine(directory, labelsName), IdxWriter.Labels(labels));
    }
}
