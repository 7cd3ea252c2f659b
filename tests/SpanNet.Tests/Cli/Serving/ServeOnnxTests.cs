using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SpanNet.Cli.Serving;
using SpanNet.Inference;
using SpanNet.Networks;
using SpanNet.Onnx;
using SpanNet.Tests.Onnx;
using Xunit;

namespace SpanNet.Tests.Cli.Serving;

/// <summary><c>spannet serve --model</c> with an ONNX model, told by content like every other command's.</summary>
public sealed class ServeOnnxTests
{
    [Fact]
    public async Task A_pytorch_export_is_served_and_answers_what_its_import_predicts()
    {
        string path = OnnxFixture.PathOf("softmax_opset13.onnx");
        using Network imported = OnnxImporter.Import(path);
        InferenceModel reference = InferenceModel.FromNetwork(imported);
        float[] row = new float[reference.Inputs];
        for (int i = 0; i < row.Length; i += 7)
        {
            row[i] = (i % 5) / 4f;
        }

        await using PredictionServer server = PredictionServer.Create(new ServeSettings(path, ["http://127.0.0.1:0"], Sessions: 1, ServedModelFixture.MaxBodyBytes * 16));
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        string body = JsonSerializer.Serialize(new { inputs = new[] { row } });
        using HttpResponseMessage response = await client.PostAsync(new Uri("/v1/predict", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement prediction = answer.RootElement.GetProperty("predictions")[0];
        using InferenceSession session = reference.CreateSession();
        float[] expected = new float[reference.Outputs];
        session.Predict(row, expected);
        Assert.Equal(expected, prediction.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray());
        Assert.Equal(session.Classify(row), prediction.GetProperty("argmax").GetInt32());
    }
}
