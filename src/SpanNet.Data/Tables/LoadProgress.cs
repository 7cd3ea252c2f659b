using System;
using System.Threading;

namespace SpanNet.Data.Tables;

/// <summary>
/// One pass's progress over a table whose blocks several threads read at once: each block reports the bytes it has
/// consumed, and the caller's callback hears their sum, one report at a time (under a lock, so a callback that is not
/// thread-safe still works), from whichever thread made it.
/// </summary>
internal sealed class LoadProgress
{
    private readonly Action<TableProgress>? _callback;
    private readonly int _pass;
    private readonly long _totalBytes;
    private readonly long[] _blockBytes;
    private readonly Lock _gate = new();
    private long _bytes;

    /// <param name="callback">The caller's callback, or null.</param>
    /// <param name="pass">1 while rows are counted, 2 while they are parsed.</param>
    /// <param name="totalBytes">The file's length.</param>
    /// <param name="blocks">How many blocks report.</param>
    public LoadProgress(Action<TableProgress>? callback, int pass, long totalBytes, int blocks)
    {
        _callback = callback;
        _pass = pass;
        _totalBytes = totalBytes;
        _blockBytes = new long[blocks];
    }

    /// <summary>Block <paramref name="block"/> has consumed <paramref name="bytesRead"/> of its bytes.</summary>
    public void Report(int block, long bytesRead)
    {
        if (_callback is null)
        {
            return;
        }

        lock (_gate)
        {
            _bytes += bytesRead - _blockBytes[block];
            _blockBytes[block] = bytesRead;
            _callback(new TableProgress(_pass, _bytes, _totalBytes));
        }
    }

    /// <summary>The pass is over: reports the whole file.</summary>
    public void Finish() => _callback?.Invoke(new TableProgress(_pass, _totalBytes, _totalBytes));
}
