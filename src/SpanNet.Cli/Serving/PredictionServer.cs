using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpanNet.Cli.Commands;
using SpanNet.Data.Tables;
using SpanNet.Inference;
using SpanNet.Networks;
using SpanNet.Onnx;

namespace SpanNet.Cli.Serving;

/// <summary>
/// <c>spannet serve</c>'s HTTP server on Kestrel: <c>POST /v1/predict</c>, <c>GET /v1/model</c>, <c>GET /healthz</c>,
/// <c>GET /metrics</c>. Stateless (the model is read once and never changes), so any number of instances can sit
/// behind a load balancer. Bad input is always a 4xx with a JSON error, never a 500.
/// </summary>
internal sealed class PredictionServer : IAsyncDisposable
{
    public const string PredictPath = "/v1/predict";
    public const string ModelPath = "/v1/model";
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";
    private const string OtherEndpoint = "other";

    private readonly WebApplication _app;
    private readonly SessionPool _sessions;

    private PredictionServer(WebApplication app, SessionPool sessions)
    {
        _app = app;
        _sessions = sessions;
    }

    /// <summary>The addresses Kestrel listens on, with the real port where port 0 was asked for; known after <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<string> Addresses => [.. _app.Urls];

    /// <summary>Reads and checks the model, then builds the server (not yet listening).</summary>
    /// <exception cref="InvalidDataException">The model file is not a valid SpanNet model.</exception>
    /// <exception cref="OnnxImportException">It is an ONNX model SpanNet cannot import.</exception>
    public static PredictionServer Create(ServeSettings settings)
    {
        // One read serves both the hash and the model, so /v1/model's SHA-256 is of exactly what is being served.
        byte[] fileBytes = File.ReadAllBytes(settings.ModelPath);
        InferenceModel model;
        TablePreprocessing? preprocessing;
        using (Network network = ModelLoader.FromBytes(fileBytes, settings.ModelPath))
        {
            model = InferenceModel.FromNetwork(network, settings.Precision);
            preprocessing = ModelLoader.ReadPreprocessing(fileBytes, settings.ModelPath, network);
        }

        byte[] description = ModelDescription.ToJson(model, settings.ModelPath, fileBytes);
        var sessions = new SessionPool(model, settings.Sessions);
        var metrics = new ServerMetrics();
        var predict = new PredictEndpoint(sessions, model, preprocessing, settings.MaxBodyBytes);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The endpoint enforces the limit itself, to answer 413 as JSON after draining a little more (see
            // RequestBody.DrainBytes); Kestrel's guard cuts off anything beyond that.
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes + RequestBody.DrainBytes;
        });
        WebApplication app = builder.Build();
        app.Use((context, next) => Measure(context, next, metrics, settings.MaxBodyBytes));
        app.MapPost(PredictPath, predict.HandleAsync);
        app.MapGet(ModelPath, context => WriteBytesAsync(context.Response, PredictEndpoint.Json, description));
        app.MapGet(HealthPath, context => WriteTextAsync(context.Response, "ok\n"));
        app.MapGet(MetricsPath, context => WriteTextAsync(context.Response, metrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"));
        return new PredictionServer(app, sessions);
    }

    public Task StartAsync(CancellationToken cancellation = default) => _app.StartAsync(cancellation);

    /// <summary>Completes when the host stops: on SIGTERM or Ctrl-C, after in-flight requests finish.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _sessions.Dispose();
    }

    /// <summary>Times the request, turns refusals into JSON errors, and counts the answer under its endpoint and status.</summary>
    private static async Task Measure(HttpContext context, RequestDelegate next, ServerMetrics metrics, long maxBodyBytes)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
            {
                await ErrorResponse.WriteAsync(context.Response, StatusCodes.Status405MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}").ConfigureAwait(false);
            }
            else if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted)
            {
                await ErrorResponse.WriteAsync(context.Response, StatusCodes.Status404NotFound, $"no endpoint {context.Request.Path}; try {PredictPath}, {ModelPath}, {HealthPath} or {MetricsPath}").ConfigureAwait(false);
            }
        }
        catch (BadRequestException e) when (!context.Response.HasStarted)
        {
            await ErrorResponse.WriteAsync(context.Response, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals (a body over its limit, which it may find before the endpoint does; a malformed
            // chunk): still a JSON error with Kestrel's status.
            string message = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? RequestBody.TooLargeMessage(maxBodyBytes) : e.Message;
            await ErrorResponse.WriteAsync(context.Response, e.StatusCode, message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        finally
        {
            metrics.Record(EndpointLabel(context.Request.Path), context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    /// <summary>The endpoint's path, or "other" for unknown paths, so a scan of random URLs cannot grow the metrics without bound.</summary>
    private static string EndpointLabel(PathString path) =>
        path == PredictPath ? PredictPath
        : path == ModelPath ? ModelPath
        : path == HealthPath ? HealthPath
        : path == MetricsPath ? MetricsPath
        : OtherEndpoint;

    private static Task WriteBytesAsync(HttpResponse response, string contentType, byte[] bytes)
    {
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, 0, bytes.Length);
    }

    private static Task WriteTextAsync(HttpResponse response, string text, string contentType = "text/plain; charset=utf-8")
    {
        response.ContentType = contentType;
        return response.WriteAsync(text);
    }
}
