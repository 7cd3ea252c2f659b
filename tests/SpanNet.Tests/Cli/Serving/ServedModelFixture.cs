using System;
using System.Net.Http;
using System.Threading.Tasks;
using SpanNet.Cli.Serving;
using SpanNet.Inference;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Cli.Serving;

/// <summary>A small saved model (4 inputs, 3 classes) served by a real Kestrel on a free loopback port, shared by a test class.</summary>
public sealed class ServedModelFixture : IAsyncLifetime
{
    /// <summary>Small, so the 413 tests need only a few kilobytes.</summary>
    public const long MaxBodyBytes = 4096;

    private readonly TempDirectory _directory = new();
    private PredictionServer? _server;

    public ServedModelFixture()
    {
        ModelPath = _directory.Combine("served.model");
        using Network network = new NetworkBuilder(4).Dense(8, Activation.Relu).Dense(3).Loss(new SoftmaxCrossEntropyLoss()).Build(seed: 3);
        ModelFile.Save(network, ModelPath);
        Reference = InferenceModel.FromNetwork(network);
    }

    public string ModelPath { get; }

    /// <summary>The same model loaded directly, to check what the server answers against.</summary>
    public InferenceModel Reference { get; }

    public HttpClient Client { get; } = new();

    public async Task InitializeAsync()
    {
        _server = PredictionServer.Create(new ServeSettings(ModelPath, ["http://127.0.0.1:0"], Sessions: 2, MaxBodyBytes));
        await _server.StartAsync();
        Client.BaseAddress = new Uri(_server.Addresses[0]);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }
}
