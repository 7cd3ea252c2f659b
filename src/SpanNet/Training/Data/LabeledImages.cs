using System;
using System.IO;
using SpanNet.IO;

namespace SpanNet.Training.Data;

/// <summary>
/// A set of images with one class index each: <see cref="Images"/> is <see cref="Count"/> rows of
/// <see cref="PixelsPerImage"/> pixels, row-major, ready to be sliced into batches for a class-index loss.
/// </summary>
public sealed class LabeledImages
{
    /// <summary>Wraps images and labels without copying them.</summary>
    /// <param name="images">The pixels, <c>labels.Length · rows · columns</c> of them.</param>
    /// <param name="labels">One class index per image.</param>
    /// <param name="rows">Pixel rows per image.</param>
    /// <param name="columns">Pixel columns per image.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="images"/> does not hold exactly one image per label.</exception>
    public LabeledImages(float[] images, int[] labels, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        Guard.Positive(rows);
        Guard.Positive(columns);
        long pixelsPerImage = Guard.Product(rows, columns, nameof(images));
        Guard.Length(images.Length, pixelsPerImage * labels.Length, nameof(images));
        Images = images;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Every pixel of every image, <see cref="Count"/> × <see cref="PixelsPerImage"/>, row-major.</summary>
    public float[] Images { get; }

    /// <summary>The class index of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Images in the set.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixel rows per image.</summary>
    public int Rows { get; }

    /// <summary>Pixel columns per image.</summary>
    public int Columns { get; }

    /// <summary>Pixels per image, <c>Rows · Columns</c>: the input width of a network that reads these images.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>One image's pixels.</summary>
    /// <param name="index">The image, in <c>[0, Count)</c>.</param>
    /// <returns>Its <see cref="PixelsPerImage"/> pixels, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>.</exception>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>Reads an IDX image file and its IDX label file, raw or gzip-compressed, and checks they pair up.</summary>
    /// <param name="imagesPath">The image file.</param>
    /// <param name="labelsPath">The label file.</param>
    /// <returns>The images scaled to [0, 1] and their labels.</returns>
    /// <exception cref="InvalidDataException">Either file is malformed, or the counts differ (the message names both files).</exception>
    /// <exception cref="FileNotFoundException">Either file does not exist.</exception>
    public static LabeledImages ReadIdx(string imagesPath, string labelsPath)
    {
        IdxImages images = IdxReader.ReadImages(imagesPath);
        int[] labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"IDX files '{imagesPath}' and '{labelsPath}' do not pair up: the first holds {images.Count} images, the second {labels.Length} labels.");
        }

        return new LabeledImages(images.Pixels, labels, images.Rows, images.Columns);
    }
}
