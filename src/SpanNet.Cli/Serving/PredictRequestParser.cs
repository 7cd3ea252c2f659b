using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace SpanNet.Cli.Serving;

/// <summary>
/// Reads a predict request body into a <see cref="PredictionBatch"/>, checking all of it first: the JSON form
/// <c>{"inputs": [[f, …], …]}</c> or raw little-endian float32 rows. Anything else is a
/// <see cref="BadRequestException"/> (400) whose message names the problem and where it is.
/// </summary>
internal static class PredictRequestParser
{
    private const string InputsProperty = "inputs";

    /// <summary>Parses <c>{"inputs": [[...], ...]}</c>: one pass to check shape and values, then one to copy them.</summary>
    public static PredictionBatch ParseJson(ReadOnlySpan<byte> body, int width)
    {
        int rows = Walk(body, width, destination: default);
        var batch = new PredictionBatch(rows, width);
        Walk(body, width, batch.Values);
        return batch;
    }

    /// <summary>Parses whole rows of <paramref name="width"/> little-endian float32 values.</summary>
    public static PredictionBatch ParseRaw(ReadOnlySpan<byte> body, int width)
    {
        int rowBytes = width * sizeof(float);
        if (body.Length == 0 || body.Length % rowBytes != 0)
        {
            throw new BadRequestException(400, $"the body has {body.Length} bytes; raw input is whole rows of {width} little-endian float32 values ({rowBytes} bytes each)");
        }

        int rows = body.Length / rowBytes;
        for (int i = 0; i < rows * width; i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(body.Slice(i * sizeof(float)));
            if (!float.IsFinite(value))
            {
                throw new BadRequestException(400, $"row {i / width}, value {i % width} is {value.ToString(CultureInfo.InvariantCulture)}; inputs must be finite");
            }
        }

        var batch = new PredictionBatch(rows, width);
        Span<float> values = batch.Values;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(body.Slice(i * sizeof(float)));
        }

        return batch;
    }

    /// <summary>Walks the document; writes the values into <paramref name="destination"/> unless it is empty; returns the rows.</summary>
    private static int Walk(ReadOnlySpan<byte> body, int width, Span<float> destination)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, "the body must be a JSON object {\"inputs\": [[...], ...]}");
            int rows = -1;
            while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals(InputsProperty))
                {
                    throw new BadRequestException(400, $"unexpected property '{reader.GetString()}'; the body has only \"inputs\"");
                }

                if (rows >= 0)
                {
                    throw new BadRequestException(400, "\"inputs\" appears twice");
                }

                rows = ReadRows(ref reader, width, destination);
            }

            if (rows < 0)
            {
                throw new BadRequestException(400, "the body has no \"inputs\" property");
            }

            if (reader.Read())
            {
                throw new BadRequestException(400, "malformed JSON: data after the closing brace");
            }

            return rows;
        }
        catch (JsonException e)
        {
            throw new BadRequestException(400, $"malformed JSON: {e.Message}");
        }
    }

    private static int ReadRows(ref Utf8JsonReader reader, int width, Span<float> destination)
    {
        Expect(ref reader, JsonTokenType.StartArray, "\"inputs\" must be an array of rows");
        int row = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new BadRequestException(400, $"inputs[{row}] must be an array of {width} numbers");
            }

            int column = 0;
            while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number)
                {
                    throw new BadRequestException(400, $"inputs[{row}][{column}] is a {reader.TokenType.ToString().ToLowerInvariant()}, not a number");
                }

                if (!reader.TryGetSingle(out float value) || !float.IsFinite(value))
                {
                    throw new BadRequestException(400, $"inputs[{row}][{column}] is outside the finite float32 range");
                }

                if (column >= width)
                {
                    throw new BadRequestException(400, $"inputs[{row}] has more than {width} values; the model takes {width}");
                }

                if (!destination.IsEmpty)
                {
                    destination[(row * width) + column] = value;
                }

                column++;
            }

            if (column != width)
            {
                throw new BadRequestException(400, $"inputs[{row}] has {column} values; the model takes {width}");
            }

            row++;
        }

        if (row == 0)
        {
            throw new BadRequestException(400, "\"inputs\" is empty; send at least one row");
        }

        return row;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (!Read(ref reader) || reader.TokenType != type)
        {
            throw new BadRequestException(400, message);
        }
    }

    /// <summary>Reads the next token; a document that ends early is malformed.</summary>
    private static bool Read(ref Utf8JsonReader reader) =>
        reader.Read() ? true : throw new BadRequestException(400, "malformed JSON: the body ends early");
}
