using System;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SpanNet.Cli.Progress;

/// <summary>A progress-bar column showing the epoch's samples per second and running loss, as the monitor last saw them.</summary>
internal sealed class LossAndSpeedColumn : ProgressColumn
{
    private readonly TrainingMonitor _monitor;

    public LossAndSpeedColumn(TrainingMonitor monitor)
    {
        _monitor = monitor;
    }

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsFinished || task.Value == 0)
        {
            return Text.Empty;
        }

        return new Markup(string.Create(
            CultureInfo.InvariantCulture,
            $"[grey]{_monitor.SamplesPerSecond,9:N0} samples/s[/]  loss [yellow]{_monitor.RunningLoss:F4}[/]"));
    }
}
