using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading;

namespace SpanNet.Cli.Serving;

/// <summary>
/// Request counts by endpoint and status, and a latency histogram per endpoint, written as Prometheus text
/// (<c>spannet_http_requests_total</c>, <c>spannet_http_request_duration_seconds</c>). Recording is lock-free.
/// </summary>
internal sealed class ServerMetrics
{
    /// <summary>Upper bounds of the latency buckets in seconds, 50 µs to 1 s; one more bucket (+Inf) holds the rest.</summary>
    private static readonly double[] BucketBounds = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly ConcurrentDictionary<(string Endpoint, int Status), Counter> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latencies = new();

    /// <summary>Counts one answered request and its time from arrival to the last byte written.</summary>
    public void Record(string endpoint, int status, double seconds)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((endpoint, status), static _ => new Counter()).Value);
        _latencies.GetOrAdd(endpoint, static _ => new Histogram()).Add(seconds);
    }

    /// <summary>The Prometheus text exposition (format 0.0.4) of every counter and histogram.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        text.Append("# HELP spannet_http_requests_total HTTP requests answered, by endpoint and status code.\n");
        text.Append("# TYPE spannet_http_requests_total counter\n");
        foreach ((var key, Counter counter) in _requests)
        {
            text.Append(CultureInfo.InvariantCulture, $"spannet_http_requests_total{{endpoint=\"{key.Endpoint}\",status=\"{key.Status}\"}} {Volatile.Read(ref counter.Value)}\n");
        }

        text.Append("# HELP spannet_http_request_duration_seconds Time from a request's arrival to its answer, by endpoint.\n");
        text.Append("# TYPE spannet_http_request_duration_seconds histogram\n");
        foreach ((string endpoint, Histogram histogram) in _latencies)
        {
            histogram.Write(text, endpoint);
        }

        // The process's garbage collections, so a load test can show the predict path leaves the GC idle.
        text.Append("# HELP dotnet_gc_collections_total Garbage collections since the process started, by generation.\n");
        text.Append("# TYPE dotnet_gc_collections_total counter\n");
        for (int generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
        }

        text.Append("# HELP dotnet_gc_allocated_bytes_total Bytes allocated on the managed heap since the process started.\n");
        text.Append("# TYPE dotnet_gc_allocated_bytes_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"dotnet_gc_allocated_bytes_total {GC.GetTotalAllocatedBytes()}\n");
        return text.ToString();
    }

    private sealed class Counter
    {
        public long Value;
    }

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[BucketBounds.Length + 1];
        private long _sumNanoseconds;

        public void Add(double seconds)
        {
            int bucket = 0;
            while (bucket < BucketBounds.Length && seconds > BucketBounds[bucket])
            {
                bucket++;
            }

            Interlocked.Increment(ref _counts[bucket]);
            Interlocked.Add(ref _sumNanoseconds, (long)(seconds * 1e9));
        }

        public void Write(StringBuilder text, string endpoint)
        {
            long cumulative = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                cumulative += Volatile.Read(ref _counts[i]);
                string bound = i < BucketBounds.Length ? BucketBounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                text.Append(CultureInfo.InvariantCulture, $"spannet_http_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"{bound}\"}} {cumulative}\n");
            }

            double sum = Volatile.Read(ref _sumNanoseconds) / 1e9;
            text.Append(CultureInfo.InvariantCulture, $"spannet_http_request_duration_seconds_sum{{endpoint=\"{endpoint}\"}} {sum:R}\n");
            text.Append(CultureInfo.InvariantCulture, $"spannet_http_request_duration_seconds_count{{endpoint=\"{endpoint}\"}} {cumulative}\n");
        }
    }
}
