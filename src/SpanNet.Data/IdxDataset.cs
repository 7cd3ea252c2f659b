using System;
using System.IO;
using SpanNet.IO;
using SpanNet.Training;

namespace SpanNet.Data;

/// <summary>Reads an IDX image file and its IDX label file as one <see cref="LabeledDataset"/>.</summary>
public static class IdxDataset
{
    /// <summary>
    /// Reads the images (each pixel its byte / 255) and labels, checks that they pair up and that every label is a class,
    /// and returns them as a dataset of <c>rows · columns</c> features per sample.
    /// </summary>
    /// <param name="imagesPath">An IDX3 image file, raw or gzip-compressed.</param>
    /// <param name="labelsPath">An IDX1 label file, raw or gzip-compressed.</param>
    /// <param name="classCount">Classes; every label must be in [0, classCount).</param>
    /// <exception cref="InvalidDataException">A file is malformed, the counts differ, or a label is out of range; the message names the file.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    public static LabeledDataset Read(string imagesPath, string labelsPath, int classCount) =>
        Read(imagesPath, labelsPath, classCount, $"a class 0–{classCount - 1}", setName: null, requiredRows: 0, requiredColumns: 0);

    /// <summary>
    /// <see cref="Read(string, string, int)"/> for a named data set of a known image size (0 for any), with its own
    /// words for a label in messages ("a digit 0–9").
    /// </summary>
    internal static LabeledDataset Read(string imagesPath, string labelsPath, int classCount, string labelName, string? setName, int requiredRows, int requiredColumns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        IdxImages images = IdxReader.ReadImages(imagesPath);
        int[] labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"IDX files '{imagesPath}' and '{labelsPath}' do not pair up: the first holds {images.Count} images, the second {labels.Length} labels.");
        }

        if (requiredRows > 0 && (images.Rows != requiredRows || images.Columns != requiredColumns))
        {
            throw new InvalidDataException($"'{imagesPath}' holds {images.Rows} × {images.Columns} images; {setName} images are {requiredRows} × {requiredColumns}.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new InvalidDataException($"'{labelsPath}': label {labels[i]} at index {i} is not {labelName}.");
            }
        }

        return LabeledDataset.FromLabels(images.Pixels, images.PixelsPerImage, labels, classCount);
    }
}
