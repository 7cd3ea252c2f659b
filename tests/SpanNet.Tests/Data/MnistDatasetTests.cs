using System;
using System.IO;
using SpanNet.Data;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Data;

public sealed class MnistDatasetTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_four_files_load_raw_or_gzip_as_train_and_test_sets()
    {
        TinyMnist.WriteTo(_directory.Path, MnistDataset.TrainImagesFileName, MnistDataset.TestLabelsFileName);

        MnistDataset mnist = MnistDataset.Load(_directory.Path);

        Assert.Equal(TinyMnist.TrainLabels, mnist.Train.Labels.ToArray());
        Assert.Equal(TinyMnist.TestLabels, mnist.Test.Labels.ToArray());
        Assert.Equal(3 * MnistDataset.PixelsPerImage, mnist.Train.Features.Length);
        Assert.Equal(2 * MnistDataset.PixelsPerImage, mnist.Test.Features.Length);
        Assert.Equal(28 * 28, mnist.Test.FeatureCount);
        Assert.Equal(1f, mnist.Train.Features[^1]);
        Assert.All(mnist.Train.Features.ToArray(), pixel => Assert.InRange(pixel, 0f, 1f));
    }

    [Fact]
    public void The_raw_file_is_preferred_when_both_forms_are_present()
    {
        TinyMnist.WriteTo(_directory.Path);
        File.WriteAllBytes(_directory.Combine(MnistDataset.TrainLabelsFileName + ".gz"), IdxWriter.Gzip(IdxWriter.Labels([9, 9, 9])));

        Assert.Equal(TinyMnist.TrainLabels, MnistDataset.Load(_directory.Path).Train.Labels);
    }

    [Fact]
    public void A_missing_file_is_named_in_both_forms()
    {
        TinyMnist.WriteTo(_directory.Path);
        File.Delete(_directory.Combine(MnistDataset.TestImagesFileName));

        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => MnistDataset.Load(_directory.Path));

        Assert.Contains("neither t10k-images-idx3-ubyte nor t10k-images-idx3-ubyte.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains(_directory.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_that_are_not_28_by_28_are_rejected()
    {
        TinyMnist.WriteTo(_directory.Path);
        string path = IdxWriter.Write(_directory.Path, MnistDataset.TestImagesFileName, IdxWriter.Images(2, 4, 4, new byte[32]));

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_directory.Path));

        Assert.Equal($"'{path}' holds 4 × 4 images; MNIST images are 28 × 28.", e.Message);
    }

    [Fact]
    public void Labels_that_are_not_digits_are_rejected()
    {
        TinyMnist.WriteTo(_directory.Path);
        string path = IdxWriter.Write(_directory.Path, MnistDataset.TrainLabelsFileName, IdxWriter.Labels([1, 10, 2]));

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_directory.Path));

        Assert.Equal($"'{path}': label 10 at index 1 is not a digit 0–9.", e.Message);
    }

    [Fact]
    public void Train_images_and_labels_of_different_counts_are_rejected_naming_both_files()
    {
        TinyMnist.WriteTo(_directory.Path);
        IdxWriter.Write(_directory.Path, MnistDataset.TrainLabelsFileName, IdxWriter.Labels([1, 2]));

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => MnistDataset.Load(_directory.Path));

        Assert.Contains(MnistDataset.TrainImagesFileName, e.Message, StringComparison.Ordinal);
        Assert.Contains(MnistDataset.TrainLabelsFileName, e.Message, StringComparison.Ordinal);
        Assert.Contains("do not pair up", e.Message, StringComparison.Ordinal);
    }
}
