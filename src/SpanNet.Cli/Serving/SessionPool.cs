using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using SpanNet.Inference;

namespace SpanNet.Cli.Serving;

/// <summary>
/// A fixed set of <see cref="InferenceSession"/>s over one shared <see cref="InferenceModel"/>: at most that many
/// predictions run at once (one per session), and a request waits for a free session rather than making one.
/// </summary>
internal sealed class SessionPool : IDisposable
{
    private readonly ConcurrentBag<InferenceSession> _free = [];
    private readonly InferenceSession[] _all;
    private readonly SemaphoreSlim _available;

    public SessionPool(InferenceModel model, int sessions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sessions, 1);
        _all = new InferenceSession[sessions];
        for (int i = 0; i < sessions; i++)
        {
            _all[i] = model.CreateSession();
            _free.Add(_all[i]);
        }

        _available = new SemaphoreSlim(sessions, sessions);
    }

    /// <summary>Waits for a free session; give it back with <see cref="Return"/>.</summary>
    public async ValueTask<InferenceSession> RentAsync(CancellationToken cancellation)
    {
        await _available.WaitAsync(cancellation).ConfigureAwait(false);

        // The semaphore admitted this caller, so a session is free.
        _free.TryTake(out InferenceSession? session);
        return session!;
    }

    public void Return(InferenceSession session)
    {
        _free.Add(session);
        _available.Release();
    }

    public void Dispose()
    {
        foreach (InferenceSession session in _all)
        {
            session.Dispose();
        }

        _available.Dispose();
    }
}
