using System;
using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace SpanNet.Tests.Fuzz;

/// <summary>
/// Feeds mutants to one reader and holds each to the reader's contract: it loads, or it throws the documented
/// <typeparamref name="TRejected"/> (anything else fails the run, naming the mutant); within
/// <see cref="TimeBound"/> (or the run's own bound), a hang detector rather than a speed claim; and allocating no more than the bound the
/// caller derives from the mutant's size and, when it loads, its validated shape.
/// </summary>
internal sealed class FuzzRun<TRejected>(string reader, ITestOutputHelper output, TimeSpan? timeBound = null)
    where TRejected : Exception
{
    /// <summary>Far above any honest parse of these small files, even on a loaded machine; a hang or a quadratic loop trips it.</summary>
    public static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _timeBound = timeBound ?? TimeBound;

    private readonly Stopwatch _total = new();

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    /// <summary>
    /// Runs <paramref name="read"/> on mutant <paramref name="index"/> (made as <paramref name="how"/> says, when the
    /// mutator tells); it returns the allocation bound for what it accepted, and <paramref name="rejectedBound"/>
    /// applies when it throws.
    /// </summary>
    public void One(int index, Func<long> read, long rejectedBound, string? how = null)
    {
        string mutant = how is null ? $"{reader} mutant {index}" : $"{reader} mutant {index} ({how})";
        _total.Start();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        long bound;
        try
        {
            bound = read();
            Accepted++;
        }
        catch (TRejected)
        {
            bound = rejectedBound;
            Rejected++;
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{mutant} threw {e.GetType().Name}, not {typeof(TRejected).Name}: {e}");
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        _total.Stop();
        Assert.True(elapsed < _timeBound, $"{mutant} took {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(allocated <= bound, $"{mutant} allocated {allocated} bytes, above its bound of {bound}");
    }

    public void Report()
    {
        output.WriteLine($"{reader}: {Accepted + Rejected} mutants, {Accepted} loaded, {Rejected} rejected, {_total.Elapsed.TotalSeconds:F2} s in the reader");
        Assert.True(Rejected > 0, $"{reader}: no mutant was rejected, so the mutator is not reaching the checks");
    }
}
