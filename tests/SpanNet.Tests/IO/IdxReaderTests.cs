using System;
using System.IO;
using SpanNet.Data;
using SpanNet.IO;
using SpanNet.Training;
using Xunit;

namespace SpanNet.Tests.IO;

public sealed class IdxReaderTests : IDisposable
{
    private const int Count = 3;
    private const int Rows = 2;
    private const int Columns = 4;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_round_trip_scaled_to_the_unit_interval(bool gzip)
    {
        byte[] pixels = IdxWriter.Pixels(Count * Rows * Columns, seed: 1);
        string path = WriteFile("images", IdxWriter.Images(Count, Rows, Columns, pixels), gzip);

        IdxImages images = IdxReader.ReadImages(path);

        Assert.Equal(new IdxImageShape(Count, Rows, Columns), images.Shape);
        Assert.Equal((Count, Rows, Columns, Rows * Columns), (images.Count, images.Rows, images.Columns, images.PixelsPerImage));
        Assert.Equal(pixels.Length, images.Pixels.Length);
        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, images.Pixels[i]);
        }

        Assert.Equal(0f, images.Pixels[0]);
        Assert.Equal(1f, images.Pixels[^1]);
        Assert.True(images.Image(1).SequenceEqual(images.Pixels.AsSpan(Rows * Columns, Rows * Columns)));
        Assert.Throws<ArgumentOutOfRangeException>(() => images.Image(Count));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_round_trip_as_class_indices(bool gzip)
    {
        byte[] labels = [5, 0, 4, 1, 9, 255];
        string path = WriteFile("labels", IdxWriter.Labels(labels), gzip);

        Assert.Equal([5, 0, 4, 1, 9, 255], IdxReader.ReadLabels(path));
    }

    [Fact]
    public void A_file_larger_than_the_read_chunk_round_trips_from_gzip()
    {
        // 200 images of 28 × 28 span several 64 KiB chunks and several doublings of the gzip buffer's first guess.
        byte[] pixels = IdxWriter.Pixels(200 * 28 * 28, seed: 2);
        string path = WriteFile("big", IdxWriter.Images(200, 28, 28, pixels), gzip: true);

        IdxImages images = IdxReader.ReadImages(path);

        Assert.Equal(200, images.Count);
        Assert.Equal(pixels[^1] / 255f, images.Pixels[^1]);
        Assert.Equal(pixels[100_000] / 255f, images.Pixels[100_000]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Caller_buffers_are_filled_from_a_path_and_the_rest_is_untouched(bool gzip)
    {
        byte[] pixels = IdxWriter.Pixels(Count * Rows * Columns, seed: 3);
        string imagesPath = WriteFile("images", IdxWriter.Images(Count, Rows, Columns, pixels), gzip);
        string labelsPath = WriteFile("labels", IdxWriter.Labels([7, 2, 1]), gzip);
        float[] destination = new float[pixels.Length + 2];
        destination.AsSpan().Fill(-1f);
        int[] labels = [-1, -1, -1, -1];

        IdxImageShape shape = IdxReader.ReadImages(imagesPath, destination);
        int labelCount = IdxReader.ReadLabels(File.OpenRead(labelsPath), labels, labelsPath);

        Assert.Equal(new IdxImageShape(Count, Rows, Columns), shape);
        Assert.Equal(Count * Rows * Columns, shape.Length);
        Assert.Equal(pixels[5] / 255f, destination[5]);
        Assert.Equal([-1f, -1f], destination[^2..]);
        Assert.Equal(3, labelCount);
        Assert.Equal([7, 2, 1, -1], labels);
    }

    [Fact]
    public void Streams_are_read_whether_seekable_or_not_and_seekable_ones_may_be_gzip()
    {
        byte[] raw = IdxWriter.Images(Count, Rows, Columns, IdxWriter.Pixels(Count * Rows * Columns, seed: 4));
        var fromSeekableGzip = new float[Count * Rows * Columns];
        var fromForwardOnly = new float[Count * Rows * Columns];

        IdxReader.ReadImages(new MemoryStream(IdxWriter.Gzip(raw)), fromSeekableGzip, "seekable.gz");
        IdxReader.ReadImages(new NonSeekableStream(new MemoryStream(raw)), fromForwardOnly, "forward-only");

        Assert.Equal(fromSeekableGzip, fromForwardOnly);
    }

    [Fact]
    public void Forward_only_gzip_is_reported_as_gzip()
    {
        byte[] gzip = IdxWriter.Gzip(IdxWriter.Labels([1, 2]));

        InvalidDataException e = Assert.Throws<InvalidDataException>(
            () => IdxReader.ReadLabels(new NonSeekableStream(new MemoryStream(gzip)), new int[2], "pipe"));

        Assert.Contains("'pipe'", e.Message, StringComparison.Ordinal);
        Assert.Contains("wrong magic number: it starts 1F 8B", e.Message, StringComparison.Ordinal);
        Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unnamed_streams_are_called_stream_in_messages()
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(new MemoryStream([0, 0]), new int[1]));

        Assert.Contains("'(stream)'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_destination_is_rejected_before_anything_is_written()
    {
        string path = WriteFile("images", IdxWriter.Images(Count, Rows, Columns, IdxWriter.Pixels(Count * Rows * Columns, seed: 5)), gzip: false);
        float[] destination = new float[(Count * Rows * Columns) - 1];
        destination.AsSpan().Fill(-1f);

        ArgumentException e = Assert.Throws<ArgumentException>(() => IdxReader.ReadImages(path, destination));

        Assert.Equal("destination", e.ParamName);
        Assert.All(destination, value => Assert.Equal(-1f, value));
    }

    [Theory]
    [InlineData("empty", false, "truncated header: the file ends after 0 byte(s)")]
    [InlineData("three bytes", false, "truncated header: the file ends after 3 byte(s)")]
    [InlineData("dimensions cut short", false, "truncated header: the file ends after 10 of the 16 header bytes")]
    [InlineData("dimensions cut short", true, "truncated header: the file ends after 10 of the 16 header bytes")]
    [InlineData("data cut short", false, "truncated data: the header declares 3 × 2 × 4 = 24 data bytes but only 23 follow")]
    [InlineData("data cut short", true, "truncated data: the header declares 3 × 2 × 4 = 24 data bytes but only 23 follow")]
    [InlineData("trailing bytes", false, "2 trailing byte(s) after the 24 data bytes the header declares (3 × 2 × 4)")]
    [InlineData("trailing bytes", true, "2 trailing byte(s) after the 24 data bytes the header declares (3 × 2 × 4)")]
    [InlineData("wrong magic", false, "wrong magic number: it starts 01 00")]
    [InlineData("wrong type", false, "wrong element type 0x0D: only 0x08 (unsigned byte) is supported")]
    [InlineData("wrong type", true, "wrong element type 0x0D")]
    [InlineData("label file", false, "wrong number of dimensions: 1, but an image file has 3 (count, rows, columns)")]
    [InlineData("zero rows", false, "dimension 1 (rows) is zero")]
    [InlineData("zero count", true, "dimension 0 (count) is zero")]
    [InlineData("absurd", false, "dimensions too large: rows is 100000")]
    [InlineData("negative", false, "dimensions too large: columns is 4294967295")]
    [InlineData("huge count, tiny file", false, "truncated data: the header declares 1000000 × 28 × 28 = 784000000 data bytes but only 24 follow")]
    [InlineData("huge count, tiny file", true, "truncated data: the header declares 1000000 × 28 × 28 = 784000000 data bytes, more than its compressed data can inflate to")]
    public void Malformed_image_files_are_rejected_naming_the_file_and_the_problem(string malformation, bool gzip, string problem)
    {
        byte[] pixels = IdxWriter.Pixels(Count * Rows * Columns, seed: 6);
        byte[] good = IdxWriter.Images(Count, Rows, Columns, pixels);
        byte[] bytes = malformation switch
        {
            "empty" => [],
            "three bytes" => good[..3],
            "dimensions cut short" => good[..10],
            "data cut short" => good[..^1],
            "trailing bytes" => [.. good, 7, 7],
            "wrong magic" => [1, .. good[1..]],
            "wrong type" => [0, 0, 0x0D, .. good[3..]],
            "label file" => IdxWriter.Labels([1, 2, 3]),
            "zero rows" => IdxWriter.Images(Count, 0, Columns, []),
            "zero count" => IdxWriter.Images(0, Rows, Columns, []),
            "absurd" => IdxWriter.Images(1_000_000, 100_000, 28, pixels),
            "negative" => IdxWriter.Images(1, 1, -1, pixels),
            "huge count, tiny file" => IdxWriter.Images(1_000_000, 28, 28, pixels),
            _ => throw new ArgumentOutOfRangeException(nameof(malformation)),
        };
        string path = WriteFile("bad-images", bytes, gzip);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith($"IDX file '{path}': {problem}", e.Message, StringComparison.Ordinal);

        // Gzip hides the length, but not the most its compressed data can inflate to: the header is caught before a
        // caller's short buffer is looked at.
        var destination = new float[Count * Rows * Columns];
        Assert.StartsWith($"IDX file '{path}': {problem}", Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path, destination)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image file", "wrong number of dimensions: 3, but a label file has 1 (count)")]
    [InlineData("data cut short", "truncated data: the header declares 4 = 4 data bytes but only 3 follow")]
    [InlineData("trailing bytes", "1 trailing byte(s) after the 4 data bytes the header declares (4)")]
    public void Malformed_label_files_are_rejected_naming_the_file_and_the_problem(string malformation, string problem)
    {
        byte[] good = IdxWriter.Labels([1, 2, 3, 4]);
        byte[] bytes = malformation switch
        {
            "image file" => IdxWriter.Images(1, 1, 1, [0]),
            "data cut short" => good[..^1],
            "trailing bytes" => [.. good, 0],
            _ => throw new ArgumentOutOfRangeException(nameof(malformation)),
        };
        string path = WriteFile("bad-labels", bytes, gzip: false);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.StartsWith($"IDX file '{path}': {problem}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_gzip_data_is_reported_with_the_file_name()
    {
        byte[] gzip = IdxWriter.Gzip(IdxWriter.Labels(IdxWriter.Pixels(1000, seed: 7)));
        for (int i = 10; i < gzip.Length - 8; i++)
        {
            gzip[i] ^= 0x5A;
        }

        string path = _directory.Combine("corrupt.gz");
        File.WriteAllBytes(path, gzip);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains($"'{path}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error()
    {
        string path = _directory.Combine("absent");

        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, e.FileName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_image_file_and_its_label_file_load_as_a_pair(bool gzip)
    {
        byte[] pixels = IdxWriter.Pixels(Count * Rows * Columns, seed: 8);
        string imagesPath = WriteFile("images", IdxWriter.Images(Count, Rows, Columns, pixels), gzip);
        string labelsPath = WriteFile("labels", IdxWriter.Labels([3, 1, 4]), gzip);

        LabeledDataset set = IdxDataset.Read(imagesPath, labelsPath, classCount: 5);

        Assert.Equal((Count, Rows * Columns), (set.Count, set.FeatureCount));
        Assert.Equal([3, 1, 4], set.Labels.ToArray());
        Assert.Equal(pixels[^1] / 255f, set.Features[^1]);
    }

    [Fact]
    public void An_image_file_and_a_label_file_of_different_counts_are_rejected_naming_both()
    {
        string imagesPath = WriteFile("images", IdxWriter.Images(Count, Rows, Columns, IdxWriter.Pixels(Count * Rows * Columns, seed: 9)), gzip: false);
        string labelsPath = WriteFile("labels", IdxWriter.Labels([3, 1]), gzip: true);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxDataset.Read(imagesPath, labelsPath, classCount: 5));

        Assert.Contains($"'{imagesPath}'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{labelsPath}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("the first holds 3 images, the second 2 labels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labeled_images_check_their_shape()
    {
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => LabeledDataset.FromLabels(new float[7], 4, [0, 1], 2)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => LabeledDataset.FromLabels([], 0, [], 2));
        Assert.Equal(2, LabeledDataset.FromLabels(new float[8], 4, [0, 1], 2).Count);
    }

    [Fact]
    public void A_label_outside_the_classes_is_rejected_naming_the_label_file()
    {
        string imagesPath = WriteFile("images", IdxWriter.Images(Count, Rows, Columns, IdxWriter.Pixels(Count * Rows * Columns, seed: 10)), gzip: false);
        string labelsPath = WriteFile("labels", IdxWriter.Labels([3, 1, 4]), gzip: false);
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => IdxDataset.Read(imagesPath, labelsPath, classCount: 4));
        Assert.Contains($"'{labelsPath}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("label 4 at index 2", e.Message, StringComparison.Ordinal);
    }

    private string WriteFile(string name, byte[] raw, bool gzip) =>
        gzip ? IdxWriter.Write(_directory.Path, name + ".gz", IdxWriter.Gzip(raw)) : IdxWriter.Write(_directory.Path, name, raw);
}
