using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using SpanNet.Cli.Serving;
using SpanNet.Inference;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet serve</c>: answers predictions over HTTP until SIGTERM or Ctrl-C, then finishes in-flight requests and exits 0.</summary>
internal sealed class ServeCommand
{
    private const int DefaultPort = 8080;
    private const int MaxPort = 65535;

    private readonly CliConsole _console;
    private readonly Option<string> _model = SharedOptions.Model("The SpanNet model file to serve");
    private readonly Option<int> _port = NumericOptions.Integer("--port", $"Listen on http://127.0.0.1:PORT, loopback only (0 picks a free port) [default: {DefaultPort}]", DefaultPort, minimum: 0);
    private readonly Option<string[]> _urls = new("--urls")
    {
        Description = "Listen on these addresses instead of --port, e.g. http://0.0.0.0:8080 to accept remote clients",
        HelpName = "URL",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<int> _threads = NumericOptions.Integer("--threads", "Inference sessions: the most predictions that run at once [default: the processor count]", Environment.ProcessorCount, minimum: 1);
    private readonly Option<long> _maxBody = new("--max-body-bytes")
    {
        Description = $"Refuse (413) request bodies larger than this [default: {ServeSettings.DefaultMaxBodyBytes} (8 MiB)]",
        HelpName = "BYTES",
        DefaultValueFactory = _ => ServeSettings.DefaultMaxBodyBytes,
    };

    private readonly Option<WeightPrecision?> _precision = PrecisionNames.CreateOption();

    private ServeCommand(CliConsole console)
    {
        _console = console;
        // These read the token themselves: a value that failed to parse already has its error and no value to read.
        _port.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out int port) && port > MaxPort)
            {
                result.AddError($"--port must be at most {MaxPort}; it was {port}.");
            }
        });
        _maxBody.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && long.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out long bytes) && bytes < 1)
            {
                result.AddError($"--max-body-bytes must be at least 1; it was {bytes}.");
            }
        });
        Command = new Command("serve", "Serve a model over HTTP: POST /v1/predict, GET /v1/model, GET /healthz, GET /metrics")
        {
            _model, _port, _urls, _threads, _maxBody, _precision,
        };
        Command.Validators.Add(result =>
        {
            if (result.GetResult(_urls) is not null && result.GetResult(_port) is { Implicit: false })
            {
                result.AddError("--port and --urls cannot both be given; put the port in the URL.");
            }
        });
        Command.SetAction(Run);
    }

    private Command Command { get; }

    public static Command Create(CliConsole console) => new ServeCommand(console).Command;

    private int Run(ParseResult parsed)
    {
        string modelPath = Path.GetFullPath(parsed.GetRequiredValue(_model));
        if (!File.Exists(modelPath))
        {
            throw new UserErrorException($"--model '{modelPath}' does not exist; train one with 'spannet train --out {modelPath}'.");
        }

        string[] urls = parsed.GetValue(_urls) is { Length: > 0 } given ? given : [$"http://127.0.0.1:{parsed.GetValue(_port)}"];
        var settings = new ServeSettings(modelPath, urls, parsed.GetValue(_threads), parsed.GetValue(_maxBody), parsed.GetValue(_precision) ?? WeightPrecision.Fp32);
        return ServeHost.Run(settings, _console);
    }
}
