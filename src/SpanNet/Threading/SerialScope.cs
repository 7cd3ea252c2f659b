using System;

namespace SpanNet.Threading;

/// <summary>
/// While open, every parallel job the opening thread starts runs all its parts on that thread (the same bits, since
/// parts never depend on who runs them). For work too small to pay for crossing cores: see
/// <see cref="Training.StepThreads"/>. Closing restores what was set before, so scopes nest.
/// </summary>
internal readonly struct SerialScope : IDisposable
{
    private readonly bool _previous;

    /// <summary>Opens a scope that makes this thread's jobs serial when <paramref name="serial"/> is true, and changes nothing otherwise.</summary>
    public SerialScope(bool serial)
    {
        _previous = WorkerPool.SerialOnThisThread;
        WorkerPool.SerialOnThisThread = _previous || serial;
    }

    /// <summary>Restores the setting from before the scope.</summary>
    public void Dispose() => WorkerPool.SerialOnThisThread = _previous;
}
