using System.Globalization;
using System.IO;

namespace SpanNet.Data.Tables;

/// <summary>The one exception type every table reader throws for bad content, with its message naming the file, the row and the column.</summary>
internal static class TableErrors
{
    public static InvalidDataException Cell(string source, long row, string column, string reason) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{source}' row {row}, column '{column}': {reason}."));

    public static InvalidDataException Row(string source, long row, string reason) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{source}' row {row}: {reason}."));

    public static InvalidDataException Column(string source, string column, string reason) =>
        new($"'{source}' column '{column}': {reason}.");

    public static InvalidDataException File(string source, string reason) =>
        new($"'{source}' is not a usable table: {reason}.");
}
