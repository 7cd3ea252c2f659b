using System.IO;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace SpanNet.Tests.Data.Tables;

/// <summary>Writes small Parquet files through Parquet.Net for the reader and CLI tests.</summary>
internal static class ParquetTables
{
    /// <summary>Columns x (double, NaN as null), c (string) and y (string).</summary>
    public static void Write(string path, double[] x, string?[] c, string[] y) => WriteAsync(path, x, c, y).GetAwaiter().GetResult();

    /// <summary>
    /// A CSV without quotes as Parquet, in one row group: the columns named in <paramref name="numeric"/> as nullable
    /// doubles, the rest as strings; a missing cell (empty, NA, NaN, null, as the CSV reader reads them) is null in either.
    /// </summary>
    public static void FromCsv(string csvPath, string parquetPath, params string[] numeric) => FromCsvAsync(csvPath, parquetPath, numeric).GetAwaiter().GetResult();

    private static async Task FromCsvAsync(string csvPath, string parquetPath, string[] numeric)
    {
        string[] lines = File.ReadAllLines(csvPath);
        string[] names = lines[0].Split(',');
        var fields = new DataField[names.Length];
        for (int c = 0; c < names.Length; c++)
        {
            fields[c] = System.Array.IndexOf(numeric, names[c]) >= 0 ? new DataField<double?>(names[c]) : new DataField<string>(names[c]);
        }

        using FileStream file = File.Create(parquetPath);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file).ConfigureAwait(false);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        for (int c = 0; c < names.Length; c++)
        {
            string?[] cells = new string?[lines.Length - 1];
            for (int row = 1; row < lines.Length; row++)
            {
                string cell = lines[row].Split(',')[c];
                cells[row - 1] = cell.Trim().ToUpperInvariant() is "" or "NA" or "NAN" or "NULL" ? null : cell;
            }

            if (fields[c].ClrType == typeof(double))
            {
                double?[] values = System.Array.ConvertAll(cells, cell => cell is null ? (double?)null : double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture));
                await group.WriteAsync((DataField<double?>)fields[c], new System.ReadOnlyMemory<double?>(values)).ConfigureAwait(false);
            }
            else
            {
                await group.WriteAsync((DataField<string>)fields[c], cells).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(string path, double[] x, string?[] c, string[] y)
    {
        var xField = new DataField<double?>("x");
        var cField = new DataField<string>("c");
        var yField = new DataField<string>("y");
        var schema = new ParquetSchema(xField, cField, yField);
        double?[] xs = new double?[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            xs[i] = double.IsNaN(x[i]) ? null : x[i];
        }

        using FileStream file = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, file).ConfigureAwait(false);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAsync(xField, new System.ReadOnlyMemory<double?>(xs)).ConfigureAwait(false);
        await group.WriteAsync(cField, c).ConfigureAwait(false);
        await group.WriteAsync(yField, y).ConfigureAwait(false);
    }
}
