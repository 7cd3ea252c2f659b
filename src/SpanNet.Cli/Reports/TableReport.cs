using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SpanNet.Cli.Metrics;

namespace SpanNet.Cli.Reports;

/// <summary>A tabular model's test figures as text: accuracy, log loss, ROC AUC and the named confusion matrix, or RMSE, MAE and R².</summary>
internal static class TableReport
{
    public static void Write(TextWriter output, TableScores scores, IReadOnlyList<string> classNames)
    {
        if (scores.Confusion is null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test RMSE {scores.Rmse:G6}, MAE {scores.Mae:G6}, R² {scores.R2:F4} on {scores.Samples:N0} rows"));
            return;
        }

        string auc = double.IsNaN(scores.RocAuc) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", ROC AUC {scores.RocAuc:F4}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy {scores.Accuracy:P2} on {scores.Samples:N0} rows, log loss {scores.LogLoss:F4}{auc}"));
        output.WriteLine();
        scores.Confusion.WriteTable(output, classNames);
    }
}
