using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SpanNet.IO;
using SpanNet.Layers;
using SpanNet.Networks;
using Xunit;

namespace SpanNet.Tests.IO;

/// <summary>Saves are atomic under concurrency and leave no litter, not even a dead process's.</summary>
public sealed class ModelFileSaveTests
{
    [Fact]
    public void Concurrent_saves_to_one_path_all_succeed_and_leave_one_of_them_whole()
    {
        const int Threads = 6, SavesPerThread = 15;
        using var folder = new TempDirectory();
        string path = folder.Combine("shared.model");
        byte[][] versions = new byte[Threads][];
        Network[] networks = new Network[Threads];
        for (int t = 0; t < Threads; t++)
        {
            networks[t] = new NetworkBuilder(8).Dense(16, Activation.Relu).Dense(3).Build(seed: t);
            versions[t] = ModelFile.Serialize(networks[t]);
        }

        try
        {
            using var start = new Barrier(Threads);
            Exception?[] failures = new Exception?[Threads];
            Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
            {
                start.SignalAndWait();
                try
                {
                    for (int i = 0; i < SavesPerThread; i++)
                    {
                        ModelFile.Save(networks[t], path);
                    }
                }
                catch (IOException e)
                {
                    failures[t] = e;
                }
            });

            Assert.All(failures, Assert.Null);
            byte[] final = File.ReadAllBytes(path);
            Assert.Contains(versions, version => version.AsSpan().SequenceEqual(final));
            Assert.Equal(["shared.model"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
        }
        finally
        {
            foreach (Network network in networks)
            {
                network.Dispose();
            }
        }
    }

    [Fact]
    public void A_save_removes_temporary_files_left_by_a_dead_process_and_keeps_a_live_ones()
    {
        using var folder = new TempDirectory();
        string path = folder.Combine("digits.model");
        int deadPid = DeadProcessId();
        string[] stale =
        [
            $"{path}.tmp-{deadPid}",
            $"{path}.tmp-{deadPid}-0123456789abcdef0123456789abcdef",
        ];
        foreach (string file in stale)
        {
            File.WriteAllBytes(file, new byte[100]);
        }

        // A save in progress elsewhere (this process stands in for a live one) and an unrelated file stay.
        string live = $"{path}.tmp-{Environment.ProcessId}-fedcba9876543210fedcba9876543210";
        string unrelated = folder.Combine("other.model.tmp-" + deadPid);
        File.WriteAllBytes(live, [1]);
        File.WriteAllBytes(unrelated, [2]);

        using Network network = new NetworkBuilder(2).Dense(2).Build();
        ModelFile.Save(network, path);

        Assert.All(stale, file => Assert.False(File.Exists(file), file));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(unrelated));
        Assert.Equal(ModelFile.Serialize(network), File.ReadAllBytes(path));
    }

    [Fact]
    public void A_temporary_file_of_another_running_process_is_kept()
    {
        using var folder = new TempDirectory();
        string path = folder.Combine("digits.model");
        using Process other = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            string theirs = $"{path}.tmp-{other.Id}-00112233445566778899aabbccddeeff";
            File.WriteAllBytes(theirs, [3]);
            using Network network = new NetworkBuilder(2).Dense(2).Build();
            ModelFile.Save(network, path);
            Assert.True(File.Exists(theirs), "a live process's save in progress was deleted");
        }
        finally
        {
            other.Kill();
            other.WaitForExit();
        }
    }

    [Fact]
    public void A_save_that_cannot_replace_the_target_leaves_no_temporary_file_behind()
    {
        using var folder = new TempDirectory();
        string path = folder.Combine("taken.model");
        Directory.CreateDirectory(path);
        using Network network = new NetworkBuilder(2).Dense(2).Build();
        Assert.ThrowsAny<IOException>(() => ModelFile.Save(network, path));
        Assert.True(Directory.Exists(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void A_save_into_a_missing_folder_is_an_io_error_and_creates_nothing()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "missing", "digits.model");
        using Network network = new NetworkBuilder(2).Dense(2).Build();
        Assert.Throws<DirectoryNotFoundException>(() => ModelFile.Save(network, path));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    /// <summary>The id of a process that has exited (an id the system may hand out again, but not within this test).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.Id;
    }
}
