using System;
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace SpanNet.Cli.Serving;

/// <summary>Runs a <see cref="PredictionServer"/> in the foreground: start, say where it listens, wait for SIGTERM or Ctrl-C, drain, exit 0.</summary>
internal static class ServeHost
{
    public static int Run(ServeSettings settings, CliConsole console) => RunAsync(settings, console).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(ServeSettings settings, CliConsole console)
    {
        await using PredictionServer server = PredictionServer.Create(settings);
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException or FormatException)
        {
            // Kestrel's reasons not to listen: the port is taken, the address is not this machine's, the URL is malformed.
            throw new UserErrorException($"cannot listen on {string.Join(", ", settings.Urls)}: {e.Message}", e);
        }

        console.Error.WriteLine($"serving {settings.ModelPath} with {settings.Sessions} sessions on {string.Join(", ", server.Addresses)}; SIGTERM or Ctrl-C stops");
        await server.WaitForShutdownAsync().ConfigureAwait(false);
        console.Error.WriteLine("stopped: in-flight requests finished");
        return ExitCodes.Success;
    }
}
