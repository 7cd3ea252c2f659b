using SpanNet.Inference;

namespace SpanNet.Cli.Serving;

/// <summary>How <c>spannet serve</c> runs.</summary>
/// <param name="ModelPath">The SpanNet model file to serve (full path).</param>
/// <param name="Urls">The addresses to listen on, e.g. <c>http://localhost:8080</c>; port 0 picks a free port.</param>
/// <param name="Sessions">Inference sessions, the most predictions that run at the same time.</param>
/// <param name="MaxBodyBytes">The largest request body accepted; a larger one is answered 413.</param>
/// <param name="Precision">How the served model stores its dense weights.</param>
internal sealed record ServeSettings(string ModelPath, string[] Urls, int Sessions, long MaxBodyBytes, WeightPrecision Precision = WeightPrecision.Fp32)
{
    /// <summary>The default body limit: 8 MiB, about 2,600 MNIST rows as JSON or 2,670 as raw float32.</summary>
    public const long DefaultMaxBodyBytes = 8L * 1024 * 1024;
}
