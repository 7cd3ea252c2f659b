using System;
using System.Collections.Generic;
using System.IO;
using SpanNet.Training;

namespace SpanNet.Data;

/// <summary>
/// The MNIST handwritten digits: 60 000 training and 10 000 test images of 28 × 28 pixels scaled to [0, 1], each
/// labelled with its digit. <see cref="Load"/> reads them from a folder; <see cref="MnistFetcher"/> fills that folder.
/// </summary>
public sealed class MnistDataset
{
    /// <summary>Pixel rows per image.</summary>
    public const int ImageRows = 28;

    /// <summary>Pixel columns per image.</summary>
    public const int ImageColumns = 28;

    /// <summary>Pixels per image: the input width of a network that reads MNIST.</summary>
    public const int PixelsPerImage = ImageRows * ImageColumns;

    /// <summary>Classes, the digits 0 to 9: the output width of a classifier.</summary>
    public const int Classes = 10;

    /// <summary>The training images' file name.</summary>
    public const string TrainImagesFileName = "train-images-idx3-ubyte";

    /// <summary>The training labels' file name.</summary>
    public const string TrainLabelsFileName = "train-labels-idx1-ubyte";

    /// <summary>The test images' file name.</summary>
    public const string TestImagesFileName = "t10k-images-idx3-ubyte";

    /// <summary>The test labels' file name.</summary>
    public const string TestLabelsFileName = "t10k-labels-idx1-ubyte";

    /// <summary>The extension of the gzip-compressed form of each file, which <see cref="Load"/> also accepts.</summary>
    public const string CompressedExtension = ".gz";

    private MnistDataset(LabeledDataset train, LabeledDataset test)
    {
        Train = train;
        Test = test;
    }

    /// <summary>The four file names, uncompressed: train images, train labels, test images, test labels.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        [TrainImagesFileName, TrainLabelsFileName, TestImagesFileName, TestLabelsFileName];

    /// <summary>The training set.</summary>
    public LabeledDataset Train { get; }

    /// <summary>The test set.</summary>
    public LabeledDataset Test { get; }

    /// <summary>
    /// Reads the four MNIST files from <paramref name="directory"/>. Each may be raw or gzip-compressed (the
    /// <see cref="CompressedExtension"/> name); the raw one is preferred when both are present.
    /// </summary>
    /// <param name="directory">The folder holding the files.</param>
    /// <returns>The training and test sets.</returns>
    /// <exception cref="FileNotFoundException">A file is in neither form.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, images and labels do not pair up, an image is not
    /// 28 × 28, or a label is not a digit.</exception>
    public static MnistDataset Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        LabeledDataset train = LoadSet(directory, TrainImagesFileName, TrainLabelsFileName);
        LabeledDataset test = LoadSet(directory, TestImagesFileName, TestLabelsFileName);
        return new MnistDataset(train, test);
    }

    private static LabeledDataset LoadSet(string directory, string imagesName, string labelsName)
    {
        string imagesPath = Find(directory, imagesName);
        string labelsPath = Find(directory, labelsName);
        return IdxDataset.Read(imagesPath, labelsPath, Classes, "a digit 0–9", "MNIST", ImageRows, ImageColumns);
    }

    private static string Find(string directory, string name)
    {
        string raw = Path.Combine(directory, name);
        if (File.Exists(raw))
        {
            return raw;
        }

        string compressed = raw + CompressedExtension;
        if (File.Exists(compressed))
        {
            return compressed;
        }

        throw new FileNotFoundException($"MNIST folder '{directory}' holds neither {name} nor {name}{CompressedExtension}.", raw);
    }
}
