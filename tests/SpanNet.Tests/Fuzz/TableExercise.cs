using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;
using SpanNet.Data.Tables;
using SpanNet.Training;

namespace SpanNet.Tests.Fuzz;

/// <summary>
/// The table readers' fuzzing contract, in one home for the test suite and the AFL harness: a table either loads and
/// then trains (fit, encode, a dataset of the encoded width whose stored preprocessing parses back byte for byte), or
/// is refused with <see cref="InvalidDataException"/>; a stored preprocessing parses and re-serialises byte for byte,
/// or is refused the same way. Also the seeds the fuzzers start from.
/// </summary>
internal static class TableExercise
{
    /// <summary>The label every seed table has.</summary>
    public const string Label = "y";

    /// <summary>CSV, semicolon CSV with quotes, and TSV with a byte-order mark and CRLF; numbers, categories, missing cells.</summary>
    public static byte[][] CsvSeeds() =>
    [
        Encoding.UTF8.GetBytes("a,b,c,y\n1.5,red,,p\n-2,blue,3,q\n4e-1,,NA,p\n7,red,1,q\n"),
        Encoding.UTF8.GetBytes("a;\"b;c\";y\n1;\"x \"\"q\"\"\";1\n2;z;0\n3;\"multi\nline\";1\n"),
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("a\tb\ty\r\n0.5\tk\t1.5\r\n1\tm\t2.5\r\nnull\tk\t3\r\n")],
    ];

    /// <summary>Stored preprocessings fitted on the CSV seeds.</summary>
    public static byte[][] SchemaSeeds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"spannet-seed-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        byte[][] seeds = new byte[CsvSeeds().Length][];
        try
        {
            for (int i = 0; i < seeds.Length; i++)
            {
                File.WriteAllBytes(path, CsvSeeds()[i]);
                TableData data = TableReader.Load(path, new TableOptions { Label = Label });
                seeds[i] = TablePreprocessing.Fit(data, data.Rows).ToBytes();
            }
        }
        finally
        {
            File.Delete(path);
        }

        return seeds;
    }

    /// <summary>A small Parquet table: a nullable double, a string column and a string label.</summary>
    public static byte[] ParquetSeed() => ParquetSeedAsync().GetAwaiter().GetResult();

    /// <summary>Loads the table at <paramref name="path"/> and, when it loads, trains on it as far as the data goes; returns the cells held.</summary>
    public static long Run(string path)
    {
        TableData data = TableReader.Load(path, new TableOptions { Label = Label });
        TablePreprocessing preprocessing = TablePreprocessing.Fit(data, data.Rows);
        byte[] stored = preprocessing.ToBytes();
        if (!stored.AsSpan().SequenceEqual(TablePreprocessing.Parse(stored, "fuzz").ToBytes()))
        {
            throw new InvalidOperationException("a fitted preprocessing does not re-serialise byte for byte");
        }

        LabeledDataset dataset = preprocessing.ToDataset(data);
        if (dataset.FeatureCount != preprocessing.FeatureCount || dataset.Count != data.Rows)
        {
            throw new InvalidOperationException($"the dataset is {dataset.Count} × {dataset.FeatureCount}, not {data.Rows} × {preprocessing.FeatureCount}");
        }

        return (long)dataset.Count * dataset.FeatureCount;
    }

    /// <summary>Parses a stored preprocessing and, when it parses, checks it re-serialises byte for byte.</summary>
    public static void RunSchema(byte[] bytes)
    {
        TablePreprocessing preprocessing = TablePreprocessing.Parse(bytes, "fuzz");
        if (!bytes.AsSpan().SequenceEqual(preprocessing.ToBytes()))
        {
            throw new InvalidOperationException("an accepted preprocessing does not re-serialise byte for byte");
        }
    }

    private static async Task<byte[]> ParquetSeedAsync()
    {
        var x = new DataField<double?>("a");
        var b = new DataField<string>("b");
        var y = new DataField<string>(Label);
        using var stream = new MemoryStream();
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, b, y), stream).ConfigureAwait(false))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync(x, new ReadOnlyMemory<double?>([1.5, null, 3, -4])).ConfigureAwait(false);
            await group.WriteAsync(b, ["red", "blue", null!, "red"]).ConfigureAwait(false);
            await group.WriteAsync(y, ["p", "q", "p", "q"]).ConfigureAwait(false);
        }

        return stream.ToArray();
    }
}
