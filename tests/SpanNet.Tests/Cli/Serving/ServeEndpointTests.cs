using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SpanNet.Inference;
using Xunit;

namespace SpanNet.Tests.Cli.Serving;

/// <summary><c>spannet serve</c>'s endpoints answering good requests, through real HTTP on loopback.</summary>
public sealed class ServeEndpointTests : IClassFixture<ServedModelFixture>
{
    private static readonly float[][] Rows = [[0.5f, -1.25f, 3f, 0f], [0f, 0f, 0f, 0f], [-2f, 1e-3f, 7.5f, 100f]];
    private readonly ServedModelFixture _fixture;

    public ServeEndpointTests(ServedModelFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Predict_json_returns_the_models_probabilities_and_argmax_for_every_row()
    {
        string body = JsonSerializer.Serialize(new { inputs = Rows });
        using HttpResponseMessage response = await _fixture.Client.PostAsync(new Uri("/v1/predict", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement[] predictions = [.. answer.RootElement.GetProperty("predictions").EnumerateArray()];
        Assert.Equal(Rows.Length, predictions.Length);
        using InferenceSession session = _fixture.Reference.CreateSession();
        for (int i = 0; i < Rows.Length; i++)
        {
            float[] expected = new float[3];
            session.Predict(Rows[i], expected);
            float[] actual = [.. predictions[i].GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle())];
            Assert.Equal(expected, actual);   // exact: JSON carries each float's shortest round-trip form
            Assert.Equal(session.Classify(Rows[i]), predictions[i].GetProperty("argmax").GetInt32());
        }
    }

    [Fact]
    public async Task Predict_raw_float32_answers_raw_float32_when_the_client_accepts_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = RawContent(Rows.SelectMany(row => row).ToArray()) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        using HttpResponseMessage response = await _fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Rows.Length * 3 * sizeof(float), bytes.Length);
        using InferenceSession session = _fixture.Reference.CreateSession();
        for (int i = 0; i < Rows.Length; i++)
        {
            float[] expected = new float[3];
            session.Predict(Rows[i], expected);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(expected[j], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(((i * 3) + j) * sizeof(float))));
            }
        }
    }

    [Fact]
    public async Task Predict_raw_float32_answers_json_by_default()
    {
        using HttpResponseMessage response = await _fixture.Client.PostAsync(new Uri("/v1/predict", UriKind.Relative), RawContent(Rows[0]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using InferenceSession session = _fixture.Reference.CreateSession();
        Assert.Equal(session.Classify(Rows[0]), answer.RootElement.GetProperty("predictions")[0].GetProperty("argmax").GetInt32());
    }

    [Fact]
    public async Task Concurrent_requests_share_the_session_pool_and_all_get_their_own_answer()
    {
        float[][] rows = [.. Enumerable.Range(0, 32).Select(i => new[] { i, -i / 2f, 1f, i % 3 })];
        using InferenceSession session = _fixture.Reference.CreateSession();
        int[] expected = [.. rows.Select(row => session.Classify(row))];

        int[] actual = await Task.WhenAll(rows.Select(async row =>
        {
            string body = JsonSerializer.Serialize(new { inputs = new[] { row } });
            using HttpResponseMessage response = await _fixture.Client.PostAsync(new Uri("/v1/predict", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return answer.RootElement.GetProperty("predictions")[0].GetProperty("argmax").GetInt32();
        }));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Model_describes_the_served_file_with_its_sha256_sizes_and_layers()
    {
        using JsonDocument answer = JsonDocument.Parse(await _fixture.Client.GetStringAsync(new Uri("/v1/model", UriKind.Relative)));
        JsonElement root = answer.RootElement;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_fixture.ModelPath))), root.GetProperty("sha256").GetString());
        Assert.Equal("served.model", root.GetProperty("file").GetString());
        Assert.Equal(4, root.GetProperty("inputs").GetInt32());
        Assert.Equal(3, root.GetProperty("outputs").GetInt32());
        string[] layers = [.. root.GetProperty("layers").EnumerateArray().Select(l => $"{l.GetProperty("kind").GetString()} {l.GetProperty("inputs").GetInt32()}-{l.GetProperty("outputs").GetInt32()}")];
        Assert.Equal(["Dense 4-8", "Relu 8-8", "Dense 8-3"], layers);
        Assert.Equal("fp32", root.GetProperty("precision").GetString());
    }

    [Fact]
    public async Task Healthz_answers_ok()
    {
        using HttpResponseMessage response = await _fixture.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_count_requests_by_endpoint_and_status_and_keep_a_latency_histogram()
    {
        using (await _fixture.Client.PostAsync(new Uri("/v1/predict", UriKind.Relative), RawContent(Rows[1])))
        using (await _fixture.Client.PostAsync(new Uri("/v1/predict", UriKind.Relative), RawContent([1f])))
        {
        }

        using HttpResponseMessage response = await _fixture.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(Counter(text, "/v1/predict", 200) >= 1, text);
        Assert.True(Counter(text, "/v1/predict", 400) >= 1, text);
        Assert.Contains("# TYPE spannet_http_request_duration_seconds histogram", text, StringComparison.Ordinal);
        long total = MetricValue(text, "spannet_http_request_duration_seconds_count{endpoint=\"/v1/predict\"}");
        Assert.Equal(total, MetricValue(text, "spannet_http_request_duration_seconds_bucket{endpoint=\"/v1/predict\",le=\"+Inf\"}"));
        Assert.True(total >= 2, text);
        Assert.Contains("dotnet_gc_collections_total{generation=\"0\"} ", text, StringComparison.Ordinal);
        Assert.True(MetricValue(text, "dotnet_gc_allocated_bytes_total") > 0, text);
    }

    internal static ByteArrayContent RawContent(float[] values)
    {
        byte[] bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static long Counter(string text, string endpoint, int status) =>
        MetricValue(text, $"spannet_http_requests_total{{endpoint=\"{endpoint}\",status=\"{status}\"}}");

    private static long MetricValue(string text, string series)
    {
        string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
