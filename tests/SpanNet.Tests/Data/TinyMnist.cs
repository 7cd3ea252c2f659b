using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using SpanNet.Data;
using SpanNet.Tests.IO;

namespace SpanNet.Tests.Data;

/// <summary>The four MNIST files in miniature: three training and two test images of 28 × 28, with their SHA-256s.</summary>
internal static class TinyMnist
{
    public static readonly int[] TrainLabels = [5, 0, 4];
    public static readonly int[] TestLabels = [7, 2];

    /// <summary>The raw bytes of each file, by its MNIST name.</summary>
    public static Dictionary<string, byte[]> Files() => new()
    {
        [MnistDataset.TrainImagesFileName] = IdxWriter.Images(3, 28, 28, IdxWriter.Pixels(3 * 784, seed: 10)),
        [MnistDataset.TrainLabelsFileName] = IdxWriter.Labels(Array.ConvertAll(TrainLabels, label => (byte)label)),
        [MnistDataset.TestImagesFileName] = IdxWriter.Images(2, 28, 28, IdxWriter.Pixels(2 * 784, seed: 11)),
        [MnistDataset.TestLabelsFileName] = IdxWriter.Labels(Array.ConvertAll(TestLabels, label => (byte)label)),
    };

    /// <summary>Writes the files into <paramref name="directory"/>, the ones named in <paramref name="compressed"/> as <c>.gz</c>.</summary>
    public static Dictionary<string, byte[]> WriteTo(string directory, params string[] compressed)
    {
        Dictionary<string, byte[]> files = Files();
        foreach ((string name, byte[] bytes) in files)
        {
            if (Array.IndexOf(compressed, name) >= 0)
            {
                File.WriteAllBytes(Path.Combine(directory, name + ".gz"), IdxWriter.Gzip(bytes));
            }
            else
            {
                File.WriteAllBytes(Path.Combine(directory, name), bytes);
            }
        }

        return files;
    }

    public static Dictionary<string, string> Hashes(Dictionary<string, byte[]> files)
    {
        var hashes = new Dictionary<string, string>();
        foreach ((string name, byte[] bytes) in files)
        {
            hashes[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        return hashes;
    }
}
