using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SpanNet.Benchmarks;

/// <summary>
/// Work per nanosecond of mean time, where the work of one invocation comes from the benchmark case's parameters.
/// Computed from the summary rather than measured separately, so it always agrees with the Mean column.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    private readonly Func<object?, double?> _workOf;

    /// <param name="columnName">The header, e.g. "GFLOP/s".</param>
    /// <param name="legend">What the column means, printed under the table.</param>
    /// <param name="workOf">The work one invocation does given a parameter value, or null when that parameter is not the size.</param>
    public ThroughputColumn(string columnName, string legend, Func<object?, double?> workOf)
    {
        ColumnName = columnName;
        Legend = legend;
        _workOf = workOf;
    }

    public string Id => nameof(ThroughputColumn) + "." + ColumnName;

    public string ColumnName { get; }

    public string Legend { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        double? work = benchmarkCase.Parameters.Items.Select(parameter => _workOf(parameter.Value)).FirstOrDefault(value => value is not null);
        if (meanNanoseconds is not > 0 || work is null)
        {
            // BenchmarkDotNet's own marker for a value that cannot be computed (failed run, no size parameter).
            return "NA";
        }

        return (work.Value / meanNanoseconds.Value).ToString("N2", style.CultureInfo);
    }

    public override string ToString() => ColumnName;
}
