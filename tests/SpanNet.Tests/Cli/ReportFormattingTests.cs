using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using SpanNet.Cli.Metrics;
using SpanNet.Cli.Plots;
using SpanNet.Cli.Progress;
using Xunit;

namespace SpanNet.Tests.Cli;

public class ReportFormattingTests
{
    [Fact]
    public void Confusion_matrix_counts_per_class_accuracy_and_aligns_its_columns()
    {
        var matrix = new ConfusionMatrix(3);
        for (int i = 0; i < 1234; i++)
        {
            matrix.Add(0, 0);
        }

        matrix.Add(1, 2);
        matrix.Add(1, 1);
        matrix.Add(2, 2);

        Assert.Equal(1.0, matrix.Accuracy(0));
        Assert.Equal(0.5, matrix.Accuracy(1));
        Assert.Equal(1235, matrix.Total(0) + matrix.Total(1) - 1);
        using var writer = new StringWriter();
        matrix.WriteTable(writer);
        string[] rows = Array.FindAll(writer.ToString().Split('\n'), line => line.Contains('│', StringComparison.Ordinal));
        Assert.Equal(4, rows.Length);
        Assert.All(rows, row => Assert.Equal(rows[0].TrimEnd().Length, row.TrimEnd().Length));
        Assert.Contains("1234", rows[1], StringComparison.Ordinal);
        Assert.Contains("50.00 %", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Training_curves_are_well_formed_svg_with_axes_and_a_legend()
    {
        var history = new List<EpochRecord>();
        for (int epoch = 1; epoch <= 12; epoch++)
        {
            history.Add(new EpochRecord(epoch, 1f / epoch, 1 - (0.1f / epoch), 1.1f / epoch, 0.98f - (0.1f / epoch), 1.2f / epoch, 0.97f - (0.1f / epoch), 0.1, 0.01, 600_000, 0.1f));
        }

        XDocument svg = XDocument.Parse(TrainingCurveSvg.Render(history, "784-100-10 <relu> & co"));
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Equal(6, svg.Descendants(ns + "polyline").Count());
        string text = string.Join(" ", svg.Descendants(ns + "text").Select(element => element.Value));
        foreach (string label in (string[])["epoch", "accuracy (%)", "loss (cross-entropy)", "train", "validation", "test", "784-100-10 <relu> & co"])
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Training_curves_of_a_single_epoch_still_render()
    {
        var history = new List<EpochRecord> { new(1, 0.5f, 0.9f, null, null, 0.4f, 0.92f, 0.1, 0.01, 600_000, 0.1f) };

        XDocument svg = XDocument.Parse(TrainingCurveSvg.Render(history, "one"));

        Assert.DoesNotContain("NaN", svg.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", svg.ToString(), StringComparison.Ordinal);
    }
}
