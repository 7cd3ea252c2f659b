using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace SpanNet.Cli.Serving;

/// <summary>The body of every refused request: <c>{"error": "...", "status": 400}</c>.</summary>
internal static class ErrorResponse
{
    public static async Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = PredictEndpoint.Json;
        await using var json = new Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("error", message);
        json.WriteNumber("status", status);
        json.WriteEndObject();
        await json.FlushAsync().ConfigureAwait(false);
    }
}
