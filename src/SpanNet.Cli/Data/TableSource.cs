using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SpanNet.Data.Tables;
using SpanNet.Training;

namespace SpanNet.Cli.Data;

/// <summary>
/// Where <c>spannet train --data</c> gets its rows: the table (CSV, TSV or Parquet) read in two passes, its schema
/// printed, a seeded test split (stratified for classification) or a separate test file, the preprocessing fitted on
/// the training rows only, and both sets encoded with it.
/// </summary>
internal static class TableSource
{
    public static TrainingData Load(string path, TableOptions options, string? testPath, float testSplit, int seed, TextWriter log)
    {
        Commands.InputFile.Require("--data", path);
        TableData table = TableReader.Load(path, options);
        TableSchema schema = table.Schema!;
        WriteSchema(log, schema, table);

        int trainRows = table.Rows;
        if (testPath is null)
        {
            trainRows = table.SplitForTest(testSplit, seed);
        }

        TablePreprocessing preprocessing = TablePreprocessing.Fit(table, trainRows);
        if (table.UnseenCategories > 0)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {table.UnseenCategories} test cells hold a category the training rows never had; they are encoded as all zeros"));
        }

        LabeledDataset all = preprocessing.ToDataset(table);
        LabeledDataset train, test;
        if (testPath is null)
        {
            train = all.Slice(0, trainRows);
            test = all.Slice(trainRows, table.Rows - trainRows);
        }
        else
        {
            Commands.InputFile.Require("--test", testPath);
            TableData testTable = TableReader.LoadForModel(testPath, preprocessing, withLabels: true);
            if (testTable.UnseenCategories > 0)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {testTable.UnseenCategories} cells of '{testPath}' hold a category the training rows never had; they are encoded as all zeros"));
            }

            train = all;
            test = preprocessing.ToDataset(testTable);
        }

        return new TrainingData(Path.GetFileName(path), train, test, preprocessing.Task, preprocessing.ClassNames, preprocessing, schema, table.Rows);
    }

    /// <summary>One line per column: name, kind, missing count, and the range or the first categories.</summary>
    public static void WriteSchema(TextWriter log, TableSchema schema, TableData table)
    {
        string classes = table.Task == TableTask.Classification
            ? string.Create(CultureInfo.InvariantCulture, $" with {table.ClassNames.Count} classes ({Shorten(table.ClassNames)})")
            : string.Empty;
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"table '{schema.Source}': {schema.Rows:N0} rows, {table.Features.Count} feature columns, label '{table.LabelName}': {Describe(table.Task)}{classes}"));
        int width = 6;
        foreach (ColumnSummary column in schema.Columns)
        {
            width = Math.Max(width, column.Name.Length);
        }

        log.WriteLine($"  {"column".PadRight(width)}  kind         missing  range or categories");
        foreach (ColumnSummary column in schema.Columns)
        {
            string detail = column.Kind == ColumnKind.Numeric
                ? (double.IsNaN(column.Minimum) ? "(all missing)" : string.Create(CultureInfo.InvariantCulture, $"{column.Minimum:G6} to {column.Maximum:G6}"))
                : string.Create(CultureInfo.InvariantCulture, $"{column.Categories.Count} categories: {Shorten(column.Categories)}");
            string kind = column.Name == table.LabelName ? "label" : column.Kind == ColumnKind.Numeric ? "numeric" : "categorical";
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {column.Name.PadRight(width)}  {kind,-11}  {column.Missing,7:N0}  {detail}"));
        }
    }

    public static string Describe(TableTask task) => task == TableTask.Classification ? "classification" : "regression";

    private static string Shorten(IReadOnlyList<string> names)
    {
        const int Shown = 6;
        var parts = new List<string>();
        for (int i = 0; i < Math.Min(Shown, names.Count); i++)
        {
            parts.Add(names[i]);
        }

        return string.Join(", ", parts) + (names.Count > Shown ? ", …" : string.Empty);
    }

}
