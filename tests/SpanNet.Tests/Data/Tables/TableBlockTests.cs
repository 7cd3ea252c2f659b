using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using SpanNet.Data.Tables;
using SpanNet.Tests.Fuzz;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Data.Tables;

/// <summary>
/// The load cut into row blocks read on several threads: the same table as one serial pass, bit for bit, whatever the
/// cut and the thread count, and the same error (the first in file order) when the table is refused.
/// </summary>
public sealed class TableBlockTests : IDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Every_cut_and_thread_count_gives_the_serial_table(string newline)
    {
        string path = Write("rich.csv", RichTable(600, seed: 7, newline));
        var options = new List<TableOptions>
        {
            new() { Label = "y", Ignore = ["target"] },
            new() { Label = "target", Ignore = ["y"], Categorical = ["gappy"] },
            new() { Label = "late", Ignore = ["y"] },
            new() { Label = "early", Ignore = ["y", "late"], Categorical = ["num"], MaxCategories = 1000 },
        };
        foreach (TableOptions option in options)
        {
            string serial = TableExercise.Fingerprint(TableReader.Load(path, option, threads: 1, TableBlocks.DefaultMinBlockBytes));
            foreach ((int threads, long blockBytes) in new[] { (2, 4096L), (2, 64L), (3, 700L), (4, 8L) })
            {
                Assert.True(BlockCount(path, threads, blockBytes) > 1, $"{threads} threads, {blockBytes}-byte blocks do not cut the table");
                Assert.Equal(serial, TableExercise.Fingerprint(TableReader.Load(path, option, threads, blockBytes)));
            }
        }
    }

    [Fact]
    public void The_cut_table_is_what_the_file_holds()
    {
        // Checked against the generator, not against the serial load: the blocks' first-seen orders and the re-read of
        // a column whose texts come late are merged into the table's.
        string path = Write("rich.csv", RichTable(600, seed: 7, "\r\n"));
        TableData data = TableReader.Load(path, new TableOptions { Label = "y", Ignore = ["target"] }, threads: 4, minBlockBytes: 8);
        Assert.Equal(600, data.Rows);
        Assert.Equal(["maybe", "no", "yes"], data.ClassNames);
        ColumnSummary category = data.Features[1];
        Assert.Equal("cat, egory", category.Name);
        Assert.Equal(ColumnKind.Categorical, category.Kind);
        Assert.Equal(["blue", "dark, red", "green", "red", "two\r\nlines"], category.Categories);
        ColumnSummary late = data.Features[2];
        Assert.Equal(ColumnKind.Categorical, late.Kind);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "t0", "t1", "t2"], late.Categories);
        Assert.Equal(ColumnKind.Categorical, data.Features[3].Kind);
        Assert.Equal(["0", "1", "2", "3", "x"], data.Features[3].Categories);
        Assert.Equal(400, data.Features[4].Missing);
        Assert.Equal(ColumnKind.Numeric, data.Features[4].Kind);
        Assert.Equal(["q 0 \"said\"", "q 1 \"said\"", "q 2 \"said\"", "q 3 \"said\"", "q 4 \"said\"", "q 5 \"said\"", "q 6 \"said\"", "q 7 \"said\"", "q 8 \"said\""], data.Features[5].Categories);
        for (int row = 0; row < data.Rows; row++)
        {
            // Row r+1 of the file: the early column's "x" is category 4 in the first row, its number r % 4 after.
            Assert.Equal(row == 0 ? 4f : (row + 1) % 4, data.Raw[(row * data.Features.Count) + 3]);
            Assert.Equal(new[] { 2, 1, 0 }[(row + 1) % 3], data.Labels[row]);
        }
    }

    [Theory]
    [InlineData("ragged", "row 150: it has 9 fields but the header has 8")]
    [InlineData("quote", "row 150, column 'gappy': a quote inside a quoted field is not doubled")]
    [InlineData("label", "row 150, column 'y': the label is missing")]
    [InlineData("text-target", "row 150, column 'target': 'oops150' is not a number, and regression needs a numeric label")]
    [InlineData("categories", "column 'num': it has more than 5 distinct values for a categorical column (row 150 holds 'oops150'")]
    public void The_first_error_in_file_order_is_the_one_reported(string fault, string expected)
    {
        // Rows 150 and 450 both break: with blocks of a few hundred bytes they fall in different blocks, and the later
        // block may well fail first.
        string text = RichTable(600, seed: 3, "\n", broken: [150, 450], fault);
        string path = Write("bad.csv", text);
        TableOptions options = fault switch
        {
            "text-target" => new TableOptions { Label = "target", Ignore = ["y"], Task = TableTask.Regression },
            "categories" => new TableOptions { Label = "y", Ignore = ["target"], MaxCategories = 5 },
            _ => new TableOptions { Label = "y", Ignore = ["target"] },
        };
        InvalidDataException serial = Assert.Throws<InvalidDataException>(() => TableReader.Load(path, options, threads: 1, TableBlocks.DefaultMinBlockBytes));
        Assert.Contains(expected, serial.Message, StringComparison.Ordinal);
        foreach ((int threads, long blockBytes) in new[] { (2, 64L), (4, 8L), (3, 1000L) })
        {
            Assert.True(BlockCount(path, threads, blockBytes) > 3);
            InvalidDataException cut = Assert.Throws<InvalidDataException>(() => TableReader.Load(path, options, threads, blockBytes));
            Assert.Equal(serial.Message, cut.Message);
        }
    }

    [Fact]
    public void Random_tables_with_stray_quotes_and_line_breaks_load_or_fail_the_same_cut_or_not()
    {
        // Quotes anywhere (even, odd, inside unquoted fields), line breaks of every kind, separators, byte-order marks
        // mid-file, blank lines: the cuts follow Sep's quote parity, so each serial outcome must come out of the cut load.
        string[] cells = ["1", "-2.5", "x", "NA", "", "\"a,b\"", "\"l\nm\"", "\uFEFFz", "é", "\"", "a\"b", "\"\"", " 3 "];
        string[] labels = ["p", "q", "1", "\"p\"", "p\""];
        string[] newlines = ["\n", "\r\n", "\r", "\n\n"];
        var random = new Random(11);
        int loaded = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var text = new StringBuilder("a,b,y\n");
            int rows = random.Next(2, 40);
            for (int row = 0; row < rows; row++)
            {
                text.AppendJoin(',', cells[random.Next(cells.Length)], cells[random.Next(cells.Length)], labels[random.Next(random.Next(10) == 0 ? labels.Length : 3)]);
                text.Append(newlines[random.Next(newlines.Length)]);
            }

            string path = Write($"random{trial}.csv", text.ToString());
            try
            {
                TableExercise.LoadBothWays(path, new TableOptions { Label = "y" });
                loaded++;
            }
            catch (InvalidDataException)
            {
                // Both loads refused it with the same message (LoadBothWays checks).
            }
        }

        Assert.True(loaded > 10, $"only {loaded} of 300 random tables loaded; the comparison needs loads as well as refusals");
    }

    [Fact]
    public void Progress_comes_one_report_at_a_time_pass_by_pass_up_to_the_whole_file()
    {
        string path = Write("rich.csv", RichTable(600, seed: 5, "\n"));
        var reports = new List<TableProgress>();
        int inside = 0;
        var options = new TableOptions
        {
            Label = "y",
            Ignore = ["target"],
            Progress = progress =>
            {
                Assert.Equal(1, System.Threading.Interlocked.Increment(ref inside));
                reports.Add(progress);
                System.Threading.Thread.Sleep(1);
                System.Threading.Interlocked.Decrement(ref inside);
            },
        };
        TableReader.Load(path, options, threads: 4, minBlockBytes: 8);
        long size = new FileInfo(path).Length;
        Assert.Equal(new TableProgress(2, size, size), reports[^1]);
        Assert.Contains(new TableProgress(1, size, size), reports);
        for (int i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Pass > reports[i - 1].Pass || (reports[i].Pass == reports[i - 1].Pass && reports[i].BytesRead >= reports[i - 1].BytesRead));
        }
    }

    [Fact]
    public void A_small_file_or_one_thread_is_one_block()
    {
        string path = Write("rich.csv", RichTable(600, seed: 5, "\n"));
        Assert.Equal(1, BlockCount(path, threads: 1, minBlockBytes: 8));
        Assert.Equal(1, BlockCount(path, threads: 2, TableBlocks.DefaultMinBlockBytes));
    }

    /// <summary>
    /// A table with every kind of column: numbers with gaps, a quoted header name and categories with separators and
    /// line breaks, a column whose texts start in its last quarter (read again as text), one whose only text is in row
    /// 1 (numbers after it are categories), missing markers, quoted cells with doubled quotes, a text label, a numeric
    /// target, blank lines; a UTF-8 byte-order mark in front. <paramref name="broken"/> rows carry <paramref name="fault"/>.
    /// </summary>
    private static string RichTable(int rows, int seed, string newline, int[]? broken = null, string fault = "")
    {
        var random = new Random(seed);
        string[] colours = ["red", "green", "blue", "NA", "\"dark, red\"", $"\"two{newline}lines\""];
        var text = new StringBuilder($"\uFEFFnum,\"cat, egory\",late,early,gappy,quoted,y,target{newline}");
        for (int r = 1; r <= rows; r++)
        {
            bool breaks = broken is not null && Array.IndexOf(broken, r) >= 0;
            string num = random.Next(5) == 0 ? string.Empty : ((random.NextDouble() * 200) - 100).ToString("G7", Invariant);
            if (breaks && fault == "categories")
            {
                num = $"oops{r}";
            }
            else if (fault == "categories" && r > 150)
            {
                num = $"more{r}";
            }

            string late = r > rows * 3 / 4 && r % 5 == 0 ? $"t{r % 3}" : (r % 7).ToString(Invariant);
            string early = r == 1 ? "x" : (r % 4).ToString(Invariant);
            string gappy = (r % 3) switch
            {
                0 => "null",
                1 => "NaN",
                _ => (r % 11 * 0.5).ToString(Invariant),
            };
            if (breaks && fault == "quote")
            {
                gappy = "\"a\"b\"\"";
            }

            string y = breaks && fault == "label" ? string.Empty : new[] { "yes", "no", "maybe" }[r % 3];
            string target = breaks && fault == "text-target" ? $"oops{r}" : (r * 0.25).ToString(Invariant);
            text.AppendJoin(',', num, colours[random.Next(colours.Length)], late, early, gappy, $"\"q {r % 9} \"\"said\"\"\"", y, target);
            if (breaks && fault == "ragged")
            {
                text.Append(",extra");
            }

            text.Append(newline);
            if (r % 50 == 0)
            {
                text.Append(newline);
            }
        }

        return text.ToString();
    }

    private static int BlockCount(string path, int threads, long minBlockBytes)
    {
        using TableCursor header = TableCursor.Open(path);
        return TableBlocks.Plan(header, threads, minBlockBytes).Count;
    }

    private string Write(string name, string text)
    {
        string path = _folder.Combine(name);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
