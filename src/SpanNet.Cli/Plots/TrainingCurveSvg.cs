using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SpanNet.Cli.Progress;

namespace SpanNet.Cli.Plots;

/// <summary>
/// Draws the training curves as a standalone SVG, titled by the data set: loss per epoch on the left and the task's
/// metric on the right (accuracy for a classifier; for a regressor the RMSE in the label's units, the square root of
/// the mean-squared-error loss on standardised targets times the target scale), each with axes, ticks, grid, axis
/// labels and a legend. Hand-written because two line charts need no plotting library.
/// </summary>
internal static class TrainingCurveSvg
{
    private const int PanelWidth = 440;
    private const int PanelHeight = 320;
    private const int Width = 2 * PanelWidth;
    private const int TitleHeight = 52;
    private const int Height = PanelHeight + TitleHeight + 20;
    private const int MarginLeft = 64;
    private const int MarginRight = 20;
    private const int MarginTop = 12;
    private const int MarginBottom = 48;

    private static readonly Series Train = new("train", "#1f77b4", Dashed: false);
    private static readonly Series Validation = new("validation", "#2ca02c", Dashed: true);
    private static readonly Series Test = new("test", "#d62728", Dashed: false);

    /// <summary>Writes the curves of <paramref name="history"/> to <paramref name="path"/>, with the training setup under the title.</summary>
    /// <param name="path">The SVG file.</param>
    /// <param name="history">Every epoch's figures.</param>
    /// <param name="dataName">The data set, for the title.</param>
    /// <param name="setup">The training setup, under the title.</param>
    /// <param name="targetScale">For a regressor, the target scale that turns the loss into RMSE in the label's units; null for a classifier.</param>
    public static void Write(string path, IReadOnlyList<EpochRecord> history, string dataName, string setup, double? targetScale = null) =>
        File.WriteAllText(path, Render(history, dataName, setup, targetScale), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public static string Render(IReadOnlyList<EpochRecord> history, string setup) => Render(history, "MNIST", setup, null);

    public static string Render(IReadOnlyList<EpochRecord> history, string dataName, string setup, double? targetScale)
    {
        var svg = new StringBuilder();
        Append(svg, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="Helvetica, Arial, sans-serif" font-size="12">""");
        svg.AppendLine();
        Append(svg, $"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        Append(svg, $"""<text x="{Width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">SpanNet · {Escape(dataName)} training curves</text>""");
        Append(svg, $"""<text x="{Width / 2}" y="41" text-anchor="middle" fill="#444">{Escape(setup)}</text>""");

        bool validated = history.Count > 0 && history[0].ValidationAccuracy is not null;
        var loss = new List<(Series, double[])> { (Train, Values(history, r => r.TrainLoss)) };
        var accuracy = new List<(Series, double[])> { (Train, Values(history, r => r.TrainAccuracy * 100)) };
        if (validated)
        {
            loss.Add((Validation, Values(history, r => r.ValidationLoss ?? double.NaN)));
            accuracy.Add((Validation, Values(history, r => (r.ValidationAccuracy ?? double.NaN) * 100)));
        }

        loss.Add((Test, Values(history, r => r.TestLoss)));
        accuracy.Add((Test, Values(history, r => r.TestAccuracy * 100)));

        double maxLoss = MaxOf(loss);
        // Loss falls and accuracy rises, so each legend goes in the corner its curves leave empty.
        DrawPanel(svg, 0, "loss (cross-entropy)", loss, 0, maxLoss > 0 ? maxLoss * 1.05 : 1, history.Count, legendAtBottom: false);
        if (targetScale is double scale)
        {
            var rmse = new List<(Series, double[])>();
            foreach ((Series series, double[] values) in loss)
            {
                double[] root = new double[values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    root[i] = Math.Sqrt(values[i]) * scale;
                }

                rmse.Add((series, root));
            }

            double maxRmse = MaxOf(rmse);
            DrawPanel(svg, PanelWidth, "RMSE (label units)", rmse, 0, maxRmse > 0 ? maxRmse * 1.05 : 1, history.Count, legendAtBottom: false);
        }
        else
        {
            double minAccuracy = MinOf(accuracy);
            DrawPanel(svg, PanelWidth, "accuracy (%)", accuracy, Math.Min(minAccuracy - 0.5, 99), 100, history.Count, legendAtBottom: true);
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void DrawPanel(StringBuilder svg, int left, string label, List<(Series Series, double[] Values)> lines, double yMin, double yMax, int epochs, bool legendAtBottom)
    {
        var area = new PlotArea(left + MarginLeft, TitleHeight + MarginTop, PanelWidth - MarginLeft - MarginRight, PanelHeight - MarginTop - MarginBottom);
        (double xMin, double xMax) = epochs > 1 ? (1.0, epochs) : (0.5, 1.5);
        (double tickStart, double tickStep) = NiceTicks(yMin, yMax, targetCount: 6);
        yMin = Math.Min(yMin, tickStart);

        Append(svg, $"""<g class="panel">""");
        Append(svg, $"""<rect x="{area.Left}" y="{area.Top}" width="{area.Width}" height="{area.Height}" fill="#fafafa" stroke="#cccccc"/>""");
        for (double y = tickStart; y <= yMax + (tickStep * 1e-9); y += tickStep)
        {
            double py = area.Y(y, yMin, yMax);
            Append(svg, $"""<line x1="{area.Left}" y1="{F(py)}" x2="{area.Right}" y2="{F(py)}" stroke="#e4e4e4"/>""");
            Append(svg, $"""<text x="{area.Left - 6}" y="{F(py + 4)}" text-anchor="end" fill="#444">{TickLabel(y, tickStep)}</text>""");
        }

        int xStep = Math.Max(1, (int)Math.Ceiling(epochs / 10.0));
        for (int epoch = 1; epoch <= epochs; epoch += xStep)
        {
            double px = area.X(epoch, xMin, xMax);
            Append(svg, $"""<line x1="{F(px)}" y1="{area.Top}" x2="{F(px)}" y2="{area.Bottom}" stroke="#eeeeee"/>""");
            Append(svg, $"""<text x="{F(px)}" y="{area.Bottom + 16}" text-anchor="middle" fill="#444">{epoch}</text>""");
        }

        Append(svg, $"""<line x1="{area.Left}" y1="{area.Bottom}" x2="{area.Right}" y2="{area.Bottom}" stroke="#333"/>""");
        Append(svg, $"""<line x1="{area.Left}" y1="{area.Top}" x2="{area.Left}" y2="{area.Bottom}" stroke="#333"/>""");
        Append(svg, $"""<text x="{F(area.Left + (area.Width / 2.0))}" y="{area.Bottom + 36}" text-anchor="middle">epoch</text>""");
        double labelY = area.Top + (area.Height / 2.0);
        Append(svg, $"""<text x="{left + 16}" y="{F(labelY)}" text-anchor="middle" transform="rotate(-90 {left + 16} {F(labelY)})">{Escape(label)}</text>""");

        foreach ((Series series, double[] values) in lines)
        {
            var points = new StringBuilder();
            for (int i = 0; i < values.Length; i++)
            {
                if (double.IsFinite(values[i]))
                {
                    points.Append(CultureInfo.InvariantCulture, $"{F(area.X(i + 1, xMin, xMax))},{F(area.Y(values[i], yMin, yMax))} ");
                }
            }

            string dash = series.Dashed ? """ stroke-dasharray="6 4" """ : " ";
            Append(svg, $"""<polyline fill="none" stroke="{series.Color}" stroke-width="2"{dash}points="{points.ToString().TrimEnd()}"/>""");
            for (int i = 0; i < values.Length; i++)
            {
                if (double.IsFinite(values[i]))
                {
                    Append(svg, $"""<circle cx="{F(area.X(i + 1, xMin, xMax))}" cy="{F(area.Y(values[i], yMin, yMax))}" r="3" fill="{series.Color}"><title>{series.Name}, epoch {i + 1}: {values[i].ToString("0.####", CultureInfo.InvariantCulture)}</title></circle>""");
                }
            }
        }

        DrawLegend(svg, area, lines, legendAtBottom);
        svg.AppendLine("</g>");
    }

    private static void DrawLegend(StringBuilder svg, PlotArea area, List<(Series Series, double[] Values)> lines, bool atBottom)
    {
        const int RowHeight = 18;
        const int BoxWidth = 112;
        int boxHeight = (lines.Count * RowHeight) + 8;
        int x = area.Right - BoxWidth - 8;
        int y = atBottom ? area.Bottom - boxHeight - 8 : area.Top + 8;
        Append(svg, $"""<rect x="{x}" y="{y}" width="{BoxWidth}" height="{boxHeight}" fill="white" fill-opacity="0.9" stroke="#cccccc"/>""");
        for (int i = 0; i < lines.Count; i++)
        {
            Series series = lines[i].Series;
            int rowY = y + 14 + (i * RowHeight);
            string dash = series.Dashed ? """ stroke-dasharray="6 4" """ : " ";
            Append(svg, $"""<line x1="{x + 8}" y1="{rowY - 4}" x2="{x + 36}" y2="{rowY - 4}" stroke="{series.Color}" stroke-width="2"{dash}/>""");
            Append(svg, $"""<text x="{x + 44}" y="{rowY}">{series.Name}</text>""");
        }
    }

    /// <summary>A start at or below <paramref name="min"/> and a step of 1, 2 or 5 × 10ᵏ giving about <paramref name="targetCount"/> ticks.</summary>
    private static (double Start, double Step) NiceTicks(double min, double max, int targetCount)
    {
        double span = Math.Max(max - min, 1e-9);
        double rough = span / targetCount;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / magnitude;
        double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        return (Math.Floor(min / step) * step, step);
    }

    private static string TickLabel(double value, double step)
    {
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step)));
        return Math.Round(value, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double[] Values(IReadOnlyList<EpochRecord> history, Func<EpochRecord, double> select)
    {
        double[] values = new double[history.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = select(history[i]);
        }

        return values;
    }

    private static double MaxOf(List<(Series Series, double[] Values)> lines)
    {
        double max = double.NegativeInfinity;
        foreach ((_, double[] values) in lines)
        {
            foreach (double value in values)
            {
                max = double.IsFinite(value) ? Math.Max(max, value) : max;
            }
        }

        return double.IsFinite(max) ? max : 1;
    }

    private static double MinOf(List<(Series Series, double[] Values)> lines)
    {
        double min = double.PositiveInfinity;
        foreach ((_, double[] values) in lines)
        {
            foreach (double value in values)
            {
                min = double.IsFinite(value) ? Math.Min(min, value) : min;
            }
        }

        return double.IsFinite(min) ? min : 0;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static void Append(StringBuilder svg, FormattableString line) => svg.AppendLine(line.ToString(CultureInfo.InvariantCulture));

    private readonly record struct Series(string Name, string Color, bool Dashed);

    private readonly record struct PlotArea(int Left, int Top, int Width, int Height)
    {
        public int Right => Left + Width;

        public int Bottom => Top + Height;

        public double X(double value, double min, double max) => Left + ((value - min) / (max - min) * Width);

        public double Y(double value, double min, double max) => Bottom - ((value - min) / (max - min) * Height);
    }
}
