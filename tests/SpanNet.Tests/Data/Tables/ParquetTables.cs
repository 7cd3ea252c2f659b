using System.IO;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace SpanNet.Tests.Data.Tables;

/// <summary>Writes small Parquet files through Parquet.Net for the reader tests: columns x (double, NaN as null), c (string) and y (string).</summary>
internal static class ParquetTables
{
    public static void Write(string path, double[] x, string?[] c, string[] y) => WriteAsync(path, x, c, y).GetAwaiter().GetResult();

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
