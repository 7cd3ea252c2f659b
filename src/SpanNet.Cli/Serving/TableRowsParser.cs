using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using SpanNet.Data.Tables;

namespace SpanNet.Cli.Serving;

/// <summary>
/// Reads <c>{"rows": [{"column": value, ...}, ...]}</c> for a model trained on a table: every column the model reads
/// must be present in every row (others are ignored), a value is a number, a string or null (missing), and each row
/// is coded and encoded by the model's stored preprocessing, the same rules as <c>spannet predict --data</c>. Anything
/// else is a <see cref="BadRequestException"/> naming the row and the column.
/// </summary>
internal static class TableRowsParser
{
    public const string RowsProperty = "rows";

    /// <summary>Whether the body's first property is <c>"rows"</c> (the table form) rather than <c>"inputs"</c>.</summary>
    public static bool IsRowsRequest(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 4 });
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(RowsProperty);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static PredictionBatch Parse(ReadOnlySpan<byte> body, TablePreprocessing preprocessing)
    {
        IReadOnlyList<FeatureColumn> columns = preprocessing.Columns;
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int f = 0; f < columns.Count; f++)
        {
            indexOf[columns[f].Name] = f;
        }

        var codes = new List<float>();
        float[] row = new float[columns.Count];
        bool[] seen = new bool[columns.Count];
        char[] text = new char[64];
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 4 });
        int rows = 0;
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, "the body must be a JSON object {\"rows\": [{...}, ...]}");
            Expect(ref reader, JsonTokenType.PropertyName, "the body must be a JSON object {\"rows\": [{...}, ...]}");
            Expect(ref reader, JsonTokenType.StartArray, "\"rows\" must be an array of objects");
            while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new BadRequestException(400, $"rows[{rows}] must be an object of column: value");
                }

                Array.Clear(seen);
                while (Read(ref reader) && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    Read(ref reader);
                    if (!indexOf.TryGetValue(name, out int f))
                    {
                        reader.Skip();
                        continue;
                    }

                    ReadOnlySpan<char> cell = reader.TokenType switch
                    {
                        JsonTokenType.Null => [],
                        JsonTokenType.Number or JsonTokenType.String => Transcode(ref reader, ref text),
                        _ => throw new BadRequestException(400, $"rows[{rows}].{name} is a {reader.TokenType.ToString().ToLowerInvariant()}; a value is a number, a string or null"),
                    };
                    if (!preprocessing.TryCode(f, cell, out row[f]))
                    {
                        throw new BadRequestException(400, $"rows[{rows}].{name} is '{cell}', not a number, and the model reads this column as numeric");
                    }

                    seen[f] = true;
                }

                int missing = Array.IndexOf(seen, false);
                if (missing >= 0)
                {
                    throw new BadRequestException(400, $"rows[{rows}] has no '{columns[missing].Name}', which the model reads (null marks a missing value)");
                }

                codes.AddRange(row);
                rows++;
            }

            if (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                throw new BadRequestException(400, "the body has only \"rows\"");
            }

            if (reader.Read())
            {
                throw new BadRequestException(400, "malformed JSON: data after the closing brace");
            }
        }
        catch (JsonException e)
        {
            throw new BadRequestException(400, $"malformed JSON: {e.Message}");
        }

        if (rows == 0)
        {
            throw new BadRequestException(400, "\"rows\" is empty; send at least one row");
        }

        var batch = new PredictionBatch(rows, preprocessing.FeatureCount);
        preprocessing.Encode(codes.ToArray(), batch.Values, rows);
        return batch;
    }

    /// <summary>The token's text as chars (a number keeps its JSON spelling), in a buffer grown as needed.</summary>
    private static ReadOnlySpan<char> Transcode(ref Utf8JsonReader reader, ref char[] buffer)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        // The body is one contiguous span, so a number's bytes are too (never a value sequence).
        ReadOnlySpan<byte> utf8 = reader.ValueSpan;
        if (buffer.Length < utf8.Length)
        {
            buffer = new char[utf8.Length];
        }

        int written = Encoding.UTF8.GetChars(utf8, buffer);
        return buffer.AsSpan(0, written);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (!Read(ref reader) || reader.TokenType != type)
        {
            throw new BadRequestException(400, message);
        }
    }

    private static bool Read(ref Utf8JsonReader reader) =>
        reader.Read() ? true : throw new BadRequestException(400, "malformed JSON: the body ends early");
}
