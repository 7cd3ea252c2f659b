using System;
using System.Globalization;
using System.IO;
using System.Text;
using SpanNet.Data.Tables;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Data.Tables;

/// <summary>
/// The fast number paths of the table readers (ShortDecimalParser, Sep's csFastFloat) against float.TryParse, the
/// reference for what a number is and what float32 it is: same acceptance where they accept, same bits.
/// </summary>
public sealed class TableNumberTests : IDisposable
{
    private const string Alphabet = "0123456789+-.eE x";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_short_decimal_path_gives_float_TryParse_bits_on_generated_text()
    {
        var random = new Random(18);
        int accepted = 0;
        const int Cases = 200_000;
        for (int i = 0; i < Cases; i++)
        {
            string text = i % 2 == 0 ? RandomDecimal(random) : RandomText(random);
            if (!ShortDecimalParser.TryParse(text, out float fast))
            {
                continue;
            }

            accepted++;
            Assert.True(float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float reference), text);
            Assert.True(BitConverter.SingleToInt32Bits(reference) == BitConverter.SingleToInt32Bits(fast), $"'{text}': {fast:R} against {reference:R}");
        }

        // The generator is built so that most well-formed decimals fall inside the fast path: the agreement above is
        // checked on tens of thousands of accepted cells, not on a handful.
        Assert.InRange(accepted, Cases / 8, Cases);
    }

    [Theory]
    [InlineData("0", 0f)]
    [InlineData("-0", -0f)]
    [InlineData("+.5", 0.5f)]
    [InlineData("1.", 1f)]
    [InlineData("16777216", 16777216f)]
    [InlineData("1.23457e-05", 1.23457e-05f)]
    [InlineData("9.99999E+10", 9.99999e10f)]
    [InlineData("0.1", 0.1f)]
    public void Typical_cells_take_the_short_decimal_path(string text, float expected)
    {
        Assert.True(ShortDecimalParser.TryParse(text, out float value));
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1e")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("16777217")]
    [InlineData("1e11")]
    [InlineData("1e-11")]
    [InlineData("0.12345678901")]
    [InlineData("1e99999999999")]
    [InlineData("NaN")]
    [InlineData("1,5")]
    public void Anything_outside_the_fast_path_is_left_to_the_general_parser(string text) =>
        Assert.False(ShortDecimalParser.TryParse(text, out _));

    [Fact]
    public void Csv_cells_load_as_float_Parse_reads_them_whichever_parser_takes_them()
    {
        var random = new Random(7);
        const int Rows = 4000;
        string[] cells = new string[Rows];
        var text = new StringBuilder("x,y\n");
        for (int row = 0; row < Rows; row++)
        {
            // Short decimals (the fast path), long ones (csFastFloat), and quoted or padded ones (float.TryParse).
            string number = (row % 4) switch
            {
                0 => RandomDecimal(random),
                1 => ((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 38))).ToString("R", CultureInfo.InvariantCulture),
                2 => (random.NextSingle() * 1000).ToString("R", CultureInfo.InvariantCulture),
                _ => random.Next(-99999, 99999).ToString(CultureInfo.InvariantCulture),
            };
            if (!float.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed) || !float.IsFinite(parsed))
            {
                number = "1";
            }

            cells[row] = number;
            string written = (row % 7) switch
            {
                3 => $"\"{number}\"",
                5 => $" {number} ",
                _ => number,
            };
            text.Append(written).Append(',').Append(row % 2 == 0 ? "a" : "b").Append('\n');
        }

        string path = _folder.Combine("numbers.csv");
        File.WriteAllText(path, text.ToString());
        TableData data = TableReader.Load(path, new TableOptions { Label = "y" });
        Assert.Equal(ColumnKind.Numeric, data.Features[0].Kind);
        for (int row = 0; row < Rows; row++)
        {
            float expected = float.Parse(cells[row], NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(data.Raw[row]), $"row {row + 1}: '{cells[row]}' read as {data.Raw[row]:R}, not {expected:R}");
        }
    }

    [Fact]
    public void A_column_whose_first_text_follows_numbers_is_read_again_as_categories()
    {
        string path = _folder.Combine("mixed.csv");
        File.WriteAllText(path, "size,x,y\n2,1.5,1\n10,2.5,2\nXL,-1,1\n2,0,3\n,4,2\n");
        TableData data = TableReader.Load(path, new TableOptions { Label = "y" });
        Assert.Equal(ColumnKind.Categorical, data.Features[0].Kind);
        Assert.Equal(["10", "2", "XL"], data.Features[0].Categories);
        Assert.Equal(1, data.Features[0].Missing);
        // Codes: each cell's index among the sorted categories (NaN for the missing one); x stays numeric.
        Assert.Equal([1f, 1.5f, 0f, 2.5f, 2f, -1f, 1f, 0f, float.NaN, 4f], data.Raw);
        Assert.Equal([0, 1, 0, 2, 1], data.Labels.ToArray());

        File.WriteAllText(path, "x,y\n1,0\n2,1\n3,cat\n4,1\n");
        TableData label = TableReader.Load(path, new TableOptions { Label = "y" });
        Assert.Equal(["0", "1", "cat"], label.ClassNames);
        Assert.Equal([0, 1, 2, 1], label.Labels.ToArray());
    }

    [Fact]
    public void Negative_values_read_for_a_model_are_not_unseen_categories()
    {
        string train = _folder.Combine("train.csv");
        File.WriteAllText(train, "x,c,y\n-1,red,a\n3,blue,b\n");
        TableData data = TableReader.Load(train, new TableOptions { Label = "y" });
        TablePreprocessing preprocessing = TablePreprocessing.Fit(data, data.Rows);
        string rows = _folder.Combine("rows.csv");
        File.WriteAllText(rows, "x,c\n-5,red\n\"-2\",blue\n-3,green\n");
        TableData read = TableReader.LoadForModel(rows, preprocessing, withLabels: false);
        Assert.Equal(1, read.UnseenCategories);
        Assert.Equal([-5f, 1f, -2f, 0f, -3f, -1f], read.Raw);
    }

    /// <summary>A well-formed decimal: sign, up to 9 integer and 9 fraction digits, and now and then an exponent up to ±15.</summary>
    private static string RandomDecimal(Random random)
    {
        var text = new StringBuilder();
        text.Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty });
        int integerDigits = random.Next(0, 6) == 0 ? random.Next(0, 10) : random.Next(1, 5);
        for (int i = 0; i < integerDigits; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }

        if (random.Next(3) > 0 || integerDigits == 0)
        {
            text.Append('.');
            int fractionDigits = random.Next(0, 6) == 0 ? random.Next(0, 10) : random.Next(1, 5);
            for (int i = 0; i < fractionDigits; i++)
            {
                text.Append((char)('0' + random.Next(10)));
            }
        }

        if (random.Next(4) == 0)
        {
            text.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty }).Append(random.Next(0, 16));
        }

        return text.ToString();
    }

    /// <summary>Up to 12 characters of digits, signs, points, exponent letters, spaces and one letter: mostly not numbers.</summary>
    private static string RandomText(Random random)
    {
        char[] text = new char[random.Next(0, 13)];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(text);
    }
}
