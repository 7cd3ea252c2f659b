using System;
using System.IO;

namespace SpanNet.Fuzz;

/// <summary>
/// One reader under AFL: how it turns AFL's bytes into a call (<see cref="Run"/>, which returns normally when the input
/// loads or is rejected with the reader's documented exception, and throws anything else, which AFL records as a
/// crash), and the well-formed inputs it starts from.
/// </summary>
internal sealed class FuzzTarget(string name, string summary, Action<byte[]> run, Func<byte[][]> seeds)
{
    /// <summary>
    /// Far above what any honest read of a file up to AFL's 1 MB input limit needs (a picture the deflate ratio allows,
    /// a model's parameters and gradients), yet below the gigabytes a size field taken on trust asks for.
    /// </summary>
    private const long AllocationBound = 256L * 1024 * 1024;

    public string Name { get; } = name;

    public string Summary { get; } = summary;

    public byte[][] Seeds() => seeds();

    /// <summary>Runs one input, and fails it (a crash to AFL) if it allocated more than <see cref="AllocationBound"/>.</summary>
    public void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        byte[] bytes = buffer.ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        run(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationBound)
        {
            throw new InvalidOperationException($"{Name}: a {bytes.Length}-byte input allocated {allocated} bytes, above the bound of {AllocationBound}");
        }
    }
}
