using System.IO;
using System.Linq;
using System.Threading.Tasks;
using SpanNet.Data;
using Xunit;
using Xunit.Abstractions;

namespace SpanNet.Tests.Data;

/// <summary>
/// Checks the real MNIST files when they are already in the default cache. The suite never downloads them, and
/// xunit 2 cannot skip a test at run time, so without them the test passes after saying why it did nothing.
/// </summary>
public sealed class RealMnistTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_cached_real_data_verifies_and_has_the_published_counts_and_first_labels()
    {
        string cache = MnistFetcher.GetDefaultCacheDirectory();
        string[] missing = MnistDataset.FileNames.Where(name => !File.Exists(Path.Combine(cache, name))).ToArray();
        if (missing.Length > 0)
        {
            output.WriteLine($"Skipped: {string.Join(", ", missing)} not in {cache}. Run MnistFetcher.EnsureAsync once to fetch them.");
            return;
        }

        // No sources: the fetcher only verifies the cached files against the published hashes.
        var fetcher = new MnistFetcher(new MnistFetchOptions { UseNpm = false, Mirrors = [] });
        MnistDataset mnist = await fetcher.LoadAsync();

        Assert.Equal(60_000, mnist.Train.Count);
        Assert.Equal(10_000, mnist.Test.Count);
        Assert.Equal(60_000 * MnistDataset.PixelsPerImage, mnist.Train.Features.Length);
        Assert.Equal(5, mnist.Train.Labels[0]);
        Assert.Equal(7, mnist.Test.Labels[0]);
        Assert.Equal(1f, mnist.Train.Features.ToArray().Max());
    }
}
