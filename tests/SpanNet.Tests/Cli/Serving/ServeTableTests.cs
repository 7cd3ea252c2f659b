using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SpanNet.Cli.Serving;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Cli.Serving;

/// <summary>
/// <c>POST /v1/predict</c> with <c>{"rows": [...]}</c> by column name for models trained on a table, and
/// probabilities that are always probabilities, whatever the graph ends in.
/// </summary>
public sealed class ServeTableTests : IDisposable
{
    private static readonly string Tables = Path.Combine(AppContext.BaseDirectory, "fixtures", "tables");
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_table_classifier_answers_a_row_by_column_name_with_its_label_and_probabilities_as_predict_does()
    {
        string model = Train("flowers.csv", "species");
        string table = _folder.Combine("one.csv");
        File.WriteAllText(table, "colour,petal_length,petal_width,stem\nwhite,5.7,2.0,13.7\n");
        CliRun predict = CliRun.Of("predict", "--model", model, "--data", table);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] expected = predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(',');

        using JsonDocument answer = await Post(model, """{"rows": [{"petal_length": 5.7, "petal_width": "2.0", "colour": "white", "stem": 13.7, "extra": [1]}]}""");
        JsonElement prediction = answer.RootElement.GetProperty("predictions")[0];
        Assert.Equal(expected[0], prediction.GetProperty("label").GetString());
        float[] probabilities = [.. prediction.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle())];
        Assert.Equal(1f, probabilities.Sum(), 4);
        for (int c = 0; c < probabilities.Length; c++)
        {
            Assert.Equal(double.Parse(expected[c + 1], System.Globalization.CultureInfo.InvariantCulture), probabilities[c], 5);
        }
    }

    [Fact]
    public async Task A_table_regressor_answers_a_value_in_the_label_units()
    {
        string model = Train("houses.csv", "price");
        using JsonDocument answer = await Post(model, """{"rows": [{"area": 97.9, "rooms": 1, "age": 37, "district": "centre"}, {"area": 57.7, "rooms": 1, "age": null, "district": "north"}]}""");
        JsonElement[] predictions = [.. answer.RootElement.GetProperty("predictions").EnumerateArray()];
        Assert.Equal(2, predictions.Length);
        Assert.InRange(predictions[0].GetProperty("value").GetDouble(), 50, 500);
    }

    [Theory]
    [InlineData("""{"rows": [{"petal_length": 5.7, "colour": "white", "stem": 1}]}""", "rows[0] has no 'petal_width'")]
    [InlineData("""{"rows": [{"petal_length": "long", "petal_width": 1, "colour": "white", "stem": 1}]}""", "rows[0].petal_length is 'long', not a number")]
    [InlineData("""{"rows": []}""", "\"rows\" is empty")]
    [InlineData("""{"rows": [[1, 2]]}""", "rows[0] must be an object")]
    public async Task Bad_rows_are_400_naming_the_row_and_column(string body, string expected)
    {
        string model = Train("flowers.csv", "species");
        await using PredictionServer server = PredictionServer.Create(new ServeSettings(model, ["http://127.0.0.1:0"], Sessions: 1, 1 << 16));
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        using HttpResponseMessage response = await client.PostAsync(new Uri("/v1/predict", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(expected, error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_predicts_logits_is_answered_with_probabilities()
    {
        string path = _folder.Combine("logits.model");
        using (Network network = new NetworkBuilder(3).Dense(4, Activation.Relu).Dense(3).Predicting(PredictionOutput.Scores).Build(seed: 2))
        {
            ModelFile.Save(network, path);
        }

        using JsonDocument answer = await Post(path, """{"inputs": [[3, -1, 2], [0.5, 0.5, -4]]}""");
        foreach (JsonElement prediction in answer.RootElement.GetProperty("predictions").EnumerateArray())
        {
            float[] probabilities = [.. prediction.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle())];
            Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(1f, probabilities.Sum(), 5);
        }
    }

    private string Train(string table, string label)
    {
        string model = _folder.Combine(Path.ChangeExtension(table, ".model"));
        CliRun train = CliRun.Of("train", "--data", Path.Combine(Tables, table), "--label", label, "--ignore", "id", "--epochs", "5", "--optimizer", "adam", "--lr", "0.01", "--out", model);
        Assert.True(train.ExitCode == 0, train.ToString());
        return model;
    }

    private static async Task<JsonDocument> Post(string model, string body)
    {
        await using PredictionServer server = PredictionServer.Create(new ServeSettings(model, ["http://127.0.0.1:0"], Sessions: 1, 1 << 16));
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        using HttpResponseMessage response = await client.PostAsync(new Uri("/v1/predict", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }
}
