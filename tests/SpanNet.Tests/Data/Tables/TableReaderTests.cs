using System;
using System.IO;
using System.Text;
using SpanNet.Data.Tables;
using SpanNet.Tests.IO;
using SpanNet.Training;
using Xunit;

namespace SpanNet.Tests.Data.Tables;

/// <summary>The table readers: what they accept, what they infer, and the one exception naming row and column for what they refuse.</summary>
public sealed class TableReaderTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Separators_quotes_crlf_and_a_byte_order_mark_are_read()
    {
        foreach (string separator in new[] { ",", ";", "\t" })
        {
            string text = $"\uFEFFx{separator}\"name\"{separator}y\r\n1.5{separator}\"a{separator} \"\"b\"\"\"{separator}p\r\n-2e1{separator}c{separator}q\r\n";
            TableData data = TableReader.Load(Write("t.csv", text), new TableOptions { Label = "y" });
            Assert.Equal(2, data.Rows);
            Assert.Equal(["x", "name"], [data.Features[0].Name, data.Features[1].Name]);
            Assert.Equal(ColumnKind.Numeric, data.Features[0].Kind);
            Assert.Equal(ColumnKind.Categorical, data.Features[1].Kind);
            Assert.Equal([$"a{separator} \"b\"", "c"], data.Features[1].Categories);
            Assert.Equal(-20.0, data.Features[0].Minimum);
            Assert.Equal(["p", "q"], data.ClassNames);
        }
    }

    [Fact]
    public void Missing_cells_are_counted_and_the_task_follows_the_label()
    {
        string text = "a,b,label,value\n1,x,0,0.5\n,NA,1,1.25\nNaN,null,2,7.5\n4,y,0,3\n";
        TableData classes = TableReader.Load(Write("m.csv", text), new TableOptions { Label = "label", Ignore = ["value"] });
        Assert.Equal(TableTask.Classification, classes.Task);
        Assert.Equal(["0", "1", "2"], classes.ClassNames);
        Assert.Equal([2L, 2L], [classes.Features[0].Missing, classes.Features[1].Missing]);
        Assert.Equal([0, 1, 2, 0], classes.Labels.ToArray());

        TableData values = TableReader.Load(Write("m.csv", text), new TableOptions { Label = "value", Ignore = ["label"] });
        Assert.Equal(TableTask.Regression, values.Task);
        Assert.Equal([0.5f, 1.25f, 7.5f, 3f], values.Targets.ToArray());

        TableData forced = TableReader.Load(Write("m.csv", text), new TableOptions { Label = "3", Ignore = ["label"], Task = TableTask.Classification });
        Assert.Equal(4, forced.ClassNames.Count);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("a,b\n", "it has a header but no data rows")]
    [InlineData("a,b\n1,2\n3\n", "row 2: it has 1 fields but the header has 2")]
    [InlineData("a,b\n1,2\n3,4,5\n", "row 2: it has 3 fields but the header has 2")]
    [InlineData("a,b\n1,\"2\n3,4\n", "row 1, column 'b': a quote opens but never closes")]
    [InlineData("a,a\n1,2\n", "the header names column 'a' twice")]
    [InlineData("a,b\n1,\n2,x\n", "row 1, column 'b': the label is missing")]
    [InlineData("a,b\n1,x\n2,x\n", "the label holds one class only (x)")]
    [InlineData("a,b\n1,x\n2,y\n", "it has no label column 'c'")]
    public void Bad_tables_are_one_exception_naming_the_place(string text, string expected)
    {
        string label = expected.Contains("'c'", StringComparison.Ordinal) ? "c" : "b";
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => TableReader.Load(Write("bad.csv", text), new TableOptions { Label = label }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("bad.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_file_is_refused_as_not_text()
    {
        string path = _folder.Combine("bin.csv");
        File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 2, 3]);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => TableReader.Load(path, new TableOptions { Label = "a" }));
        Assert.Contains("it is not text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_never_closing_quote_in_a_huge_field_stops_at_the_row_limit()
    {
        var text = new StringBuilder("a,b\n1,x\n2,\"");
        text.Append('y', TableLimits.MaxRowCharacters + 10);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => TableReader.Load(Write("long.csv", text.ToString()), new TableOptions { Label = "a" }));
        Assert.Contains("row 2: it is longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_categories_name_the_column_and_a_stray_text_cell()
    {
        var text = new StringBuilder("id,x,y\n");
        for (int i = 0; i < 50; i++)
        {
            text.Append($"k{i},{i},{i % 2}\n");
        }

        text.Append("k50,oops,1\n");
        InvalidDataException categories = Assert.Throws<InvalidDataException>(
            () => TableReader.Load(Write("cats.csv", text.ToString()), new TableOptions { Label = "y", MaxCategories = 10 }));
        Assert.Contains("column 'id': it has more than 10 distinct values", categories.Message, StringComparison.Ordinal);

        InvalidDataException stray = Assert.Throws<InvalidDataException>(
            () => TableReader.Load(Write("cats.csv", text.ToString()), new TableOptions { Label = "y", Ignore = ["id"], MaxCategories = 10 }));
        Assert.Contains("column 'x'", stray.Message, StringComparison.Ordinal);
        Assert.Contains("row 51 holds 'oops'", stray.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_all_missing_column_loads_and_encodes_as_zero()
    {
        TableData data = TableReader.Load(Write("empty-col.csv", "a,b,y\n1,,p\n2,NA,q\n3,,p\n"), new TableOptions { Label = "y" });
        Assert.True(double.IsNaN(data.Features[1].Minimum));
        TablePreprocessing preprocessing = TablePreprocessing.Fit(data, data.Rows);
        LabeledDataset dataset = preprocessing.ToDataset(data);
        for (int row = 0; row < dataset.Count; row++)
        {
            Assert.Equal(0f, dataset.Features[(row * 2) + 1]);
        }
    }

    [Fact]
    public void The_preprocessing_standardises_with_training_rows_only_and_one_hot_encodes()
    {
        // Rows 0-1 train, row 2 tests: the mean and scale come from 1 and 3 only (mean 2, population std 1).
        TableData data = TableReader.Load(Write("fit.csv", "x,c,y\n1,red,a\n3,,b\n100,blue,a\n"), new TableOptions { Label = "y" });
        TablePreprocessing preprocessing = TablePreprocessing.Fit(data, trainRows: 2);
        Assert.Equal(2f, preprocessing.Columns[0].Mean);
        Assert.Equal(1f, preprocessing.Columns[0].Scale);
        Assert.Equal(["red"], preprocessing.Columns[1].Categories);
        Assert.True(preprocessing.Columns[1].HasMissingSlot);
        Assert.Equal(1, data.UnseenCategories);
        LabeledDataset dataset = preprocessing.ToDataset(data);
        Assert.Equal(3, dataset.FeatureCount);
        Assert.Equal([-1f, 1f, 0f, 1f, 0f, 1f, 98f, 0f, 0f], dataset.Features.ToArray());
    }

    [Fact]
    public void Regression_targets_are_standardised_and_restored()
    {
        TableData data = TableReader.Load(Write("reg.csv", "x,y\n1,10.5\n2,20.5\n3,30.5\n4,40.25\n5,50\n6,60\n7,70\n8,80\n9,90\n10,100\n11,110\n12,120\n13,130\n14,140\n15,150\n16,160\n17,170\n18,180\n19,190\n20,200\n21,210.5\n"), new TableOptions { Label = "y" });
        Assert.Equal(TableTask.Regression, data.Task);
        TablePreprocessing preprocessing = TablePreprocessing.Fit(data, data.Rows);
        LabeledDataset dataset = preprocessing.ToDataset(data);
        Assert.Equal(10.5f, preprocessing.RestoreTarget(dataset.Targets[0]), 3);
    }

    [Fact]
    public void The_split_is_seeded_and_stratified()
    {
        var text = new StringBuilder("x,y\n");
        for (int i = 0; i < 100; i++)
        {
            text.Append($"{i},{(i < 80 ? "common" : "rare")}\n");
        }

        int[] Split(int seed)
        {
            TableData data = TableReader.Load(Write("split.csv", text.ToString()), new TableOptions { Label = "y" });
            int train = data.SplitForTest(0.25, seed);
            Assert.Equal(75, train);
            int rareInTest = 0;
            for (int row = train; row < data.Rows; row++)
            {
                rareInTest += data.ClassNames[data.Labels[row]] == "rare" ? 1 : 0;
            }

            Assert.Equal(5, rareInTest);
            TablePreprocessing preprocessing = TablePreprocessing.Fit(data, train);
            return [.. Array.ConvertAll(preprocessing.ToDataset(data).Features.ToArray(), v => (int)MathF.Round(v * 1000))];
        }

        Assert.Equal(Split(3), Split(3));
        Assert.NotEqual(Split(3), Split(4));
    }

    [Fact]
    public void Reading_for_a_model_matches_columns_by_name_and_names_bad_cells()
    {
        TableData data = TableReader.Load(Write("train.csv", "x,c,y\n1,red,a\n3,blue,b\n"), new TableOptions { Label = "y" });
        TablePreprocessing preprocessing = TablePreprocessing.Fit(data, data.Rows);
        TableData rows = TableReader.LoadForModel(Write("new.csv", "id,c,x\nr1,blue,5\nr2,green,1\n"), preprocessing, withLabels: false, idColumn: "id");
        Assert.Equal(["r1", "r2"], rows.Ids);
        Assert.Equal(1, rows.UnseenCategories);
        float[] features = preprocessing.EncodeFeatures(rows);
        // x: training mean 2, scale 1; c: blue is slot 0 of [blue, red], green was never seen (all zeros).
        Assert.Equal([3f, 1f, 0f, -1f, 0f, 0f], features);

        InvalidDataException missing = Assert.Throws<InvalidDataException>(() => TableReader.LoadForModel(Write("nox.csv", "c\nred\n"), preprocessing, withLabels: false));
        Assert.Contains("it has no column 'x', which the model reads", missing.Message, StringComparison.Ordinal);
        InvalidDataException text = Assert.Throws<InvalidDataException>(() => TableReader.LoadForModel(Write("text.csv", "x,c\n1,red\nabc,red\n"), preprocessing, withLabels: false));
        Assert.Contains("row 2, column 'x': 'abc' is not a number", text.Message, StringComparison.Ordinal);
        InvalidDataException label = Assert.Throws<InvalidDataException>(() => TableReader.LoadForModel(Write("lab.csv", "x,c,y\n1,red,zzz\n"), preprocessing, withLabels: true));
        Assert.Contains("row 1, column 'y': 'zzz' is not one of the model's classes", label.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stored_preprocessing_round_trips_and_every_truncation_is_refused()
    {
        TableData data = TableReader.Load(Write("store.csv", "x,c,y\n1,red,a\n3,,b\n5,blue,a\n"), new TableOptions { Label = "y" });
        TablePreprocessing preprocessing = TablePreprocessing.Fit(data, data.Rows);
        byte[] bytes = preprocessing.ToBytes();
        TablePreprocessing parsed = TablePreprocessing.Parse(bytes, "stored");
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(preprocessing.FeatureCount, parsed.FeatureCount);
        Assert.Equal(["a", "b"], parsed.ClassNames);
        for (int length = 0; length < bytes.Length; length++)
        {
            InvalidDataException error = Assert.Throws<InvalidDataException>(() => TablePreprocessing.Parse(bytes.AsSpan(0, length), "cut"));
            Assert.StartsWith("'cut' input schema, ", error.Message, StringComparison.Ordinal);
        }

        InvalidDataException padded = Assert.Throws<InvalidDataException>(() => TablePreprocessing.Parse([.. bytes, 0], "padded"));
        Assert.Contains("1 bytes follow the last field", padded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parquet_table_reads_like_its_csv()
    {
        string path = _folder.Combine("t.parquet");
        ParquetTables.Write(path, [1.5, double.NaN, 3], ["red", null, "blue"], ["a", "b", "a"]);
        TableData data = TableReader.Load(path, new TableOptions { Label = "y" });
        Assert.Equal(3, data.Rows);
        Assert.Equal(ColumnKind.Numeric, data.Features[0].Kind);
        Assert.Equal(1, data.Features[0].Missing);
        Assert.Equal(["blue", "red"], data.Features[1].Categories);
        Assert.Equal(["a", "b"], data.ClassNames);
    }

    private string Write(string name, string text)
    {
        string path = _folder.Combine(name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
