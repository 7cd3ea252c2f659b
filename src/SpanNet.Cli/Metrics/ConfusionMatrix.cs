using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace SpanNet.Cli.Metrics;

/// <summary>Counts of (true class, predicted class) pairs, and the per-class accuracy they give.</summary>
internal sealed class ConfusionMatrix
{
    private readonly int[] _counts;

    public ConfusionMatrix(int classes)
    {
        Classes = classes;
        _counts = new int[classes * classes];
    }

    public int Classes { get; }

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[(actual * Classes) + predicted];

    public void Add(int actual, int predicted) => _counts[(actual * Classes) + predicted]++;

    /// <summary>Counts every (label, prediction) pair, position by position.</summary>
    public void AddAll(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            Add(actual[i], predicted[i]);
        }
    }

    /// <summary>Samples whose true class is <paramref name="actual"/>.</summary>
    public int Total(int actual)
    {
        int total = 0;
        for (int predicted = 0; predicted < Classes; predicted++)
        {
            total += this[actual, predicted];
        }

        return total;
    }

    /// <summary>The fraction of class <paramref name="actual"/> predicted right; NaN when the set holds none of it.</summary>
    public double Accuracy(int actual)
    {
        int total = Total(actual);
        return total == 0 ? double.NaN : (double)this[actual, actual] / total;
    }

    /// <summary>The matrix as rows of counts, [actual][predicted].</summary>
    public int[][] Rows()
    {
        int[][] rows = new int[Classes][];
        for (int actual = 0; actual < Classes; actual++)
        {
            rows[actual] = _counts.AsSpan(actual * Classes, Classes).ToArray();
        }

        return rows;
    }

    /// <summary>
    /// Writes the matrix with one row per true class, led by that class's sample count and accuracy, every column
    /// right-aligned to the widest count so the diagonal lines up. <paramref name="names"/> labels the classes (their
    /// indices when null).
    /// </summary>
    public void WriteTable(TextWriter writer, IReadOnlyList<string>? names = null)
    {
        string Name(int c) => names is null ? c.ToString(CultureInfo.InvariantCulture) : names[c];
        int nameWidth = 5;
        for (int c = 0; c < Classes; c++)
        {
            nameWidth = Math.Max(nameWidth, Name(c).Length);
        }

        int width = 1;
        foreach (int count in _counts)
        {
            width = Math.Max(width, Digits(count));
        }

        for (int c = 0; c < Classes; c++)
        {
            width = Math.Max(width, Name(c).Length);
        }

        width += 2;
        writer.WriteLine($"rows: true class, columns: predicted class");
        writer.Write("class".PadLeft(nameWidth) + "  samples  accuracy  │");
        for (int predicted = 0; predicted < Classes; predicted++)
        {
            writer.Write(Pad(Name(predicted), width));
        }

        writer.WriteLine();
        writer.WriteLine(new string('─', nameWidth + 22) + "┼" + new string('─', width * Classes));
        for (int actual = 0; actual < Classes; actual++)
        {
            string accuracy = double.IsNaN(Accuracy(actual)) ? "–" : Accuracy(actual).ToString("0.00 %", CultureInfo.InvariantCulture);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Name(actual).PadLeft(nameWidth)}  {Total(actual),7}  {accuracy,8}  │"));
            for (int predicted = 0; predicted < Classes; predicted++)
            {
                writer.Write(Pad(this[actual, predicted].ToString(CultureInfo.InvariantCulture), width));
            }

            writer.WriteLine();
        }
    }

    private static string Pad(string text, int width) => text.PadLeft(width);

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;
}
