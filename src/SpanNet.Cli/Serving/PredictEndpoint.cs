using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SpanNet.Data.Tables;
using SpanNet.Inference;
using SpanNet.Kernels;
using SpanNet.Layers;
using SpanNet.Networks;

namespace SpanNet.Cli.Serving;

/// <summary>
/// <c>POST /v1/predict</c>: reads and validates the whole body (JSON <c>inputs</c> rows of numbers, JSON <c>rows</c> of
/// named columns for a model trained on a table, or raw float32) before anything runs, predicts every row with a
/// pooled <see cref="InferenceSession"/>, and answers as JSON, or the raw float32 outputs when the client accepts
/// <c>application/octet-stream</c>. A JSON answer fits the task: a classifier's <c>probabilities</c> are always
/// probabilities, whatever its graph ends in (the library's rule, <see cref="Predictions.ToProbabilities"/>), with
/// <c>argmax</c> and, for a table model, <c>label</c> (the class name); a table regressor answers <c>value</c> in the
/// label's units; any other model whose loss is not a classification loss answers its <c>outputs</c> as they are.
/// </summary>
internal sealed class PredictEndpoint
{
    public const string Json = "application/json";
    public const string OctetStream = "application/octet-stream";

    private readonly SessionPool _sessions;
    private readonly long _maxBodyBytes;
    private readonly int _inputs;
    private readonly int _outputs;
    private readonly InferenceModel _model;
    private readonly TablePreprocessing? _preprocessing;
    private readonly bool _classifier;

    public PredictEndpoint(SessionPool sessions, InferenceModel model, TablePreprocessing? preprocessing, long maxBodyBytes)
    {
        _sessions = sessions;
        _maxBodyBytes = maxBodyBytes;
        _inputs = model.Inputs;
        _outputs = model.Outputs;
        _model = model;
        _preprocessing = preprocessing;
        _classifier = preprocessing is not null
            ? preprocessing.Task == TableTask.Classification
            : model.PredictionOutput != PredictionOutput.Scores || model.Layers[^1] is SoftmaxLayer || model.Loss.Kind != LossKind.MeanSquaredError && model.Loss.Kind != LossKind.HalfSumSquaredError;
    }

    public async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        bool raw = IsMediaType(request.ContentType, OctetStream);
        if (!raw && !IsMediaType(request.ContentType, Json))
        {
            throw new BadRequestException(StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be {Json} or {OctetStream}, not '{request.ContentType ?? "none"}'");
        }

        using RequestBody body = await RequestBody.ReadAsync(request, _maxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        using PredictionBatch batch = raw
            ? PredictRequestParser.ParseRaw(body.Bytes, _inputs)
            : _preprocessing is not null && TableRowsParser.IsRowsRequest(body.Bytes)
                ? TableRowsParser.Parse(body.Bytes, _preprocessing)
                : PredictRequestParser.ParseJson(body.Bytes, _inputs);
        int length = batch.Rows * _outputs;
        float[] outputs = ArrayPool<float>.Shared.Rent(length);
        try
        {
            InferenceSession session = await _sessions.RentAsync(context.RequestAborted).ConfigureAwait(false);
            try
            {
                session.Predict(batch.Values, outputs.AsSpan(0, length), batch.Rows);
            }
            finally
            {
                _sessions.Return(session);
            }

            if (AcceptsOctetStream(request))
            {
                await WriteRawAsync(context.Response, outputs, length).ConfigureAwait(false);
            }
            else
            {
                await WriteJsonAsync(context.Response, outputs, batch.Rows).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(outputs);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        Span<int> index = stackalloc int[1];
        Reductions.ArgMaxRows(row, index, 1, row.Length);
        return index[0];
    }

    private static bool IsMediaType(string? contentType, string mediaType) =>
        contentType is not null && contentType.AsSpan().Trim().StartsWith(mediaType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Trim().Length == mediaType.Length || contentType.Trim()[mediaType.Length] is ';' or ' ');

    private static bool AcceptsOctetStream(HttpRequest request)
    {
        foreach (string? accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains(OctetStream, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WriteRawAsync(HttpResponse response, float[] outputs, int length)
    {
        byte[] bytes = ArrayPool<byte>.Shared.Rent(length * sizeof(float));
        try
        {
            for (int i = 0; i < length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), outputs[i]);
            }

            response.ContentType = OctetStream;
            response.ContentLength = length * sizeof(float);
            await response.Body.WriteAsync(bytes.AsMemory(0, length * sizeof(float))).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Writes <c>{"predictions": [...]}</c>, one entry per row: <c>{"argmax": k, "label": name, "probabilities": [...]}</c>
    /// for a classifier (<c>label</c> for a table model only), <c>{"value": v}</c> for a table regressor, and
    /// <c>{"argmax": k, "outputs": [...]}</c> for any other model.
    /// </summary>
    private async Task WriteJsonAsync(HttpResponse response, float[] outputs, int rows)
    {
        if (_classifier)
        {
            Predictions.ToProbabilities(_model.PredictionOutput, _model.Layers[^1] is SoftmaxLayer, outputs.AsSpan(0, rows * _outputs), rows, _outputs);
        }

        response.ContentType = Json;
        await using var json = new System.Text.Json.Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray("predictions");
        for (int row = 0; row < rows; row++)
        {
            ReadOnlySpan<float> values = outputs.AsSpan(row * _outputs, _outputs);
            json.WriteStartObject();
            if (_preprocessing is { Task: TableTask.Regression })
            {
                json.WriteNumber("value", _preprocessing.RestoreTarget(values[0]));
                json.WriteEndObject();
                continue;
            }

            int argmax = ArgMax(values);
            json.WriteNumber("argmax", argmax);
            if (_preprocessing is not null)
            {
                json.WriteString("label", _preprocessing.ClassNames[argmax]);
            }

            json.WriteStartArray(_classifier ? "probabilities" : "outputs");
            foreach (float p in values)
            {
                json.WriteNumberValue(p);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync().ConfigureAwait(false);
    }
}
