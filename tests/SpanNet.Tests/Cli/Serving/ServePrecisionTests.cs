using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SpanNet.Cli.Serving;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Cli.Serving;

/// <summary><c>spannet serve --precision int8</c>: the pool's model stores int8 weights, and /v1/model says so.</summary>
public sealed class ServePrecisionTests
{
    [Fact]
    public async Task An_int8_server_answers_what_an_int8_model_predicts_and_reports_its_precision()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("int8.model");
        using Network network = new NetworkBuilder(6).Dense(16, Activation.Relu).Dense(3).Loss(new SoftmaxCrossEntropyLoss()).Build(seed: 9);
        ModelFile.Save(network, path);
        InferenceModel reference = InferenceModel.FromNetwork(network, WeightPrecision.Int8);
        InferenceModel fp32 = InferenceModel.FromNetwork(network);
        float[] row = [0.5f, -1f, 0.25f, 0f, 2f, -0.75f];

        await using PredictionServer server = PredictionServer.Create(new ServeSettings(path, ["http://127.0.0.1:0"], Sessions: 1, ServedModelFixture.MaxBodyBytes, WeightPrecision.Int8));
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        string body = JsonSerializer.Serialize(new { inputs = new[] { row } });
        using HttpResponseMessage response = await client.PostAsync(new Uri("/v1/predict", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        float[] served = answer.RootElement.GetProperty("predictions")[0].GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        using InferenceSession session = reference.CreateSession();
        using InferenceSession fp32Session = fp32.CreateSession();
        float[] expected = new float[3];
        float[] fp32Expected = new float[3];
        session.Predict(row, expected);
        fp32Session.Predict(row, fp32Expected);
        Assert.Equal(expected, served);

        // The int8 answer is not the fp32 one (quantization moves it), so the server did not fall back to fp32.
        Assert.NotEqual(fp32Expected, served);

        using JsonDocument model = JsonDocument.Parse(await client.GetStringAsync(new Uri("/v1/model", UriKind.Relative)));
        Assert.Equal("int8", model.RootElement.GetProperty("precision").GetString());
    }
}
