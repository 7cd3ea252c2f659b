using System;
using System.IO;
using System.Runtime.InteropServices;
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
    /// <summary>Threads of the cut load <see cref="LoadBothWays"/> compares with the serial one.</summary>
    public const int CutThreads = 4;

    /// <summary>The smallest block of the cut load: a few bytes, so that even a seed table is cut into many blocks.</summary>
    public const long CutBlockBytes = 8;

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

    /// <summary>
    /// Loads the table at <paramref name="path"/> (serially and cut into blocks, which must agree: see
    /// <see cref="LoadBothWays"/>) and, when it loads, trains on it as far as the data goes; returns the cells held.
    /// </summary>
    public static long Run(string path)
    {
        TableData data = LoadBothWays(path, new TableOptions { Label = Label });
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

    /// <summary>
    /// Loads the table at <paramref name="path"/> serially (one thread, one block) and cut into blocks of a few bytes
    /// read on <see cref="CutThreads"/> threads: both must give the same table bit for bit (values, schema, categories
    /// and their order, labels), or refuse it with the same message, the first error in file order.
    /// </summary>
    /// <returns>The serial load's table.</returns>
    /// <exception cref="InvalidDataException">Both loads refuse the table, with this message.</exception>
    /// <exception cref="InvalidOperationException">The two loads disagree.</exception>
    public static TableData LoadBothWays(string path, TableOptions options)
    {
        TableData serial;
        try
        {
            serial = TableReader.Load(path, options, threads: 1, TableBlocks.DefaultMinBlockBytes);
        }
        catch (InvalidDataException refused)
        {
            string cut = Refusal(() => TableReader.Load(path, options, CutThreads, CutBlockBytes));
            if (cut != refused.Message)
            {
                throw new InvalidOperationException($"the cut load says \"{cut}\" where the serial load says \"{refused.Message}\"");
            }

            throw;
        }

        TableData cutData;
        try
        {
            cutData = TableReader.Load(path, options, CutThreads, CutBlockBytes);
        }
        catch (InvalidDataException refused)
        {
            throw new InvalidOperationException($"the cut load refuses a table the serial load reads: {refused.Message}", refused);
        }

        string expected = Fingerprint(serial);
        string actual = Fingerprint(cutData);
        if (expected != actual)
        {
            int at = 0;
            while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at])
            {
                at++;
            }

            throw new InvalidOperationException($"the cut load differs from the serial load at character {at} of its description: \"{Around(actual, at)}\" where \"{Around(expected, at)}\"");
        }

        return serial;
    }

    /// <summary>Everything a load produces, as text: the schema, the features' summaries, the classes, and every code, label and target as its bits.</summary>
    public static string Fingerprint(TableData data)
    {
        var text = new StringBuilder();
        text.Append(data.Rows).Append('|').Append(data.Task).Append('|').Append(data.LabelName).Append('|').AppendJoin('\u0001', data.ClassNames).Append('\n');
        foreach (ColumnSummary column in data.Schema?.Columns ?? [])
        {
            Describe(text.Append("schema "), column);
        }

        foreach (ColumnSummary column in data.Features)
        {
            Describe(text.Append("feature "), column);
        }

        text.Append("raw ").Append(Convert.ToHexString(MemoryMarshal.AsBytes(data.Raw.AsSpan()))).Append('\n');
        text.Append("labels ").AppendJoin(',', data.Labels.ToArray()).Append('\n');
        text.Append("targets ").Append(Convert.ToHexString(MemoryMarshal.AsBytes(data.Targets))).Append('\n');
        return text.ToString();

        static void Describe(StringBuilder text, ColumnSummary column) => text
            .Append(column.Name).Append('|').Append(column.Kind).Append('|').Append(column.Missing).Append('|')
            .Append(BitConverter.DoubleToInt64Bits(column.Minimum)).Append('|').Append(BitConverter.DoubleToInt64Bits(column.Maximum)).Append('|')
            .AppendJoin('\u0001', column.Categories).Append('\n');
    }

    /// <summary>The message of the <see cref="InvalidDataException"/> <paramref name="load"/> throws.</summary>
    /// <exception cref="InvalidOperationException">It loads instead.</exception>
    private static string Refusal(Func<TableData> load)
    {
        try
        {
            load();
        }
        catch (InvalidDataException refused)
        {
            return refused.Message;
        }

        throw new InvalidOperationException("the cut load reads a table the serial load refuses");
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(60, text.Length - Math.Max(0, at - 20)));

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
