using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace SpanNet.Tests.Cli.Serving;

/// <summary>Every kind of bad request gets its 4xx and a JSON error naming the problem, never a 500.</summary>
public sealed class ServeErrorTests : IClassFixture<ServedModelFixture>
{
    private readonly ServedModelFixture _fixture;

    public ServeErrorTests(ServedModelFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("{\"inputs\": [[1, 2, 3]]}", "inputs[0] has 3 values; the model takes 4")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4], [1, 2, 3, 4, 5]]}", "inputs[1] has more than 4 values")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4e39]]}", "inputs[0][3] is outside the finite float32 range")]
    [InlineData("{\"inputs\": [[1, -1e39, 3, 4]]}", "inputs[0][1] is outside the finite float32 range")]
    [InlineData("{\"inputs\": [[1, NaN, 3, 4]]}", "malformed JSON")]
    [InlineData("{\"inputs\": [[1, \"2\", 3, 4]]}", "inputs[0][1] is a string, not a number")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]", "malformed JSON")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]]} []", "malformed JSON")]
    [InlineData("", "malformed JSON")]
    [InlineData("[[1, 2, 3, 4]]", "the body must be a JSON object")]
    [InlineData("{\"inputs\": []}", "\"inputs\" is empty")]
    [InlineData("{\"inputs\": [1, 2, 3, 4]}", "inputs[0] must be an array of 4 numbers")]
    [InlineData("{\"inputs\": {}}", "\"inputs\" must be an array of rows")]
    [InlineData("{}", "no \"inputs\" property")]
    [InlineData("{\"input\": [[1, 2, 3, 4]]}", "unexpected property 'input'")]
    [InlineData("{\"inputs\": [[1, 2, 3, 4]], \"inputs\": [[1, 2, 3, 4]]}", "\"inputs\" appears twice")]
    public async Task Bad_json_is_400_naming_the_problem(string body, string expected)
    {
        using HttpResponseMessage response = await Post(new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertError(response, HttpStatusCode.BadRequest, expected);
    }

    [Theory]
    [InlineData(float.NaN, "row 1, value 2 is NaN")]
    [InlineData(float.PositiveInfinity, "row 1, value 2 is Infinity")]
    [InlineData(float.NegativeInfinity, "row 1, value 2 is -Infinity")]
    public async Task Raw_input_that_is_not_finite_is_400_naming_the_row_and_value(float bad, string expected)
    {
        float[] values = [1, 2, 3, 4, 5, 6, bad, 8];

        using HttpResponseMessage response = await Post(ServeEndpointTests.RawContent(values));

        await AssertError(response, HttpStatusCode.BadRequest, expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public async Task Raw_input_that_is_not_whole_rows_is_400(int bytes)
    {
        var content = new ByteArrayContent(new byte[bytes]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using HttpResponseMessage response = await Post(content);

        await AssertError(response, HttpStatusCode.BadRequest, $"the body has {bytes} bytes; raw input is whole rows of 4 little-endian float32 values (16 bytes each)");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/jsonl")]
    [InlineData(null)]
    public async Task Another_content_type_is_415(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"inputs\": [[1, 2, 3, 4]]}"));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await Post(content);

        await AssertError(response, HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json or application/octet-stream");
    }

    [Fact]
    public async Task A_body_declared_over_the_limit_is_413()
    {
        var content = new ByteArrayContent(new byte[ServedModelFixture.MaxBodyBytes + 16]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using HttpResponseMessage response = await Post(content);

        await AssertError(response, HttpStatusCode.RequestEntityTooLarge, $"the body is larger than the limit of {ServedModelFixture.MaxBodyBytes} bytes");
    }

    [Fact]
    public async Task A_chunked_body_that_grows_over_the_limit_is_413()
    {
        // No Content-Length: the limit is found while reading.
        var content = new StreamContent(new UnknownLengthStream(new byte[ServedModelFixture.MaxBodyBytes + 16]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using HttpResponseMessage response = await Post(content);

        await AssertError(response, HttpStatusCode.RequestEntityTooLarge, "the body is larger than the limit");
    }

    [Fact]
    public async Task An_unknown_path_is_a_json_404_and_a_wrong_method_a_json_405()
    {
        using HttpResponseMessage missing = await _fixture.Client.GetAsync(new Uri("/v2/predict", UriKind.Relative));
        using HttpResponseMessage wrongMethod = await _fixture.Client.GetAsync(new Uri("/v1/predict", UriKind.Relative));

        await AssertError(missing, HttpStatusCode.NotFound, "no endpoint /v2/predict");
        await AssertError(wrongMethod, HttpStatusCode.MethodNotAllowed, "GET is not allowed on /v1/predict");
    }

    private Task<HttpResponseMessage> Post(HttpContent content) => _fixture.Client.PostAsync(new Uri("/v1/predict", UriKind.Relative), content);

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument error = JsonDocument.Parse(body);
        Assert.Contains(expected, error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((int)status, error.RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>A stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
