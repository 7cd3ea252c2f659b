using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using SpanNet.Cli.Serving;
using SpanNet.IO;
using SpanNet.Networks;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Cli.Serving;

/// <summary>Stopping the server lets a request already in flight finish and refuses new ones; bad command lines never start it.</summary>
public sealed class ServeLifetimeTests
{
    [Fact]
    public async Task Stopping_finishes_the_request_in_flight_then_refuses_connections()
    {
        using var directory = new TempDirectory();
        string modelPath = directory.Combine("m.model");
        using (Network network = new NetworkBuilder(4).Dense(3).Build(seed: 1))
        {
            ModelFile.Save(network, modelPath);
        }

        await using PredictionServer server = PredictionServer.Create(new ServeSettings(modelPath, ["http://127.0.0.1:0"], 1, 4096));
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };

        // The body's second half is held back until the server has been told to stop.
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var content = new HeldBackContent(new byte[16], started, release.Task);
        Task<HttpResponseMessage> inFlight = client.PostAsync(new Uri("/v1/predict", UriKind.Relative), content);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(500);   // for Kestrel to parse the headers and enter the handler, which then waits for the rest
        Task stopping = server.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted, "the server stopped before its in-flight request finished");
        release.SetResult();

        using HttpResponseMessage response = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("serve", "--model", "m.model", "--port", "65536")]
    [InlineData("serve", "--model", "m.model", "--port", "-1")]
    [InlineData("serve", "--model", "m.model", "--threads", "0")]
    [InlineData("serve", "--model", "m.model", "--max-body-bytes", "0")]
    [InlineData("serve", "--model", "m.model", "--port", "1", "--urls", "http://localhost:2")]
    public void A_bad_command_line_is_one_line_and_exit_code_2(params string[] args)
    {
        CliRun run = CliRun.Of(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("spannet serve: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_is_one_line_and_exit_code_1()
    {
        CliRun run = CliRun.Of("serve", "--model", Path.Combine(Path.GetTempPath(), "no-such-spannet.model"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_model_is_one_line_and_exit_code_1()
    {
        using var directory = new TempDirectory();
        string path = directory.Combine("corrupt.model");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);

        CliRun run = CliRun.Of("serve", "--model", path, "--port", "0");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Single(run.ErrorLines);
    }

    /// <summary>Sends its first half, signals, waits for the release, then sends the rest.</summary>
    private sealed class HeldBackContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _started;
        private readonly Task _release;

        public HeldBackContent(byte[] bytes, TaskCompletionSource started, Task release)
        {
            _bytes = bytes;
            _started = started;
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            Headers.ContentLength = bytes.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            int half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _started.SetResult();
            await _release;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
