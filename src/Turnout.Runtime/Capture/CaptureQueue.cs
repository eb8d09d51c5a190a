using System.Collections.Concurrent;

namespace Turnout.Runtime.Capture;

/// <summary>
/// The bounded hand-off between invocations and the capture writer. Offering is lock-free (a concurrent
/// queue and two counters), and the writer is woken only when the queue turns non-empty or a backlog builds
/// up, then collects for <see cref="CoalesceWindow"/> and writes everything in one go: a wake-up and a
/// flush per record cost more CPU than the capture itself (bench/README.md). The backlog is counted in bytes
/// too, so large payloads are written within milliseconds instead of living long enough for the GC to
/// promote them. A full queue (a slow or full disk) drops the capture, never the request; drops are counted
/// so users see them.
/// </summary>
public sealed class CaptureQueue
{
    public const int Capacity = 16_384;

    /// <summary>How long the writer lets records gather after the first one arrives; SageMaker itself
    /// delivers captures to S3 minutes late, so a tenth of a second is invisible to users.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>Payload bytes queued at most; beyond this (a disk far slower than the traffic) captures are dropped.</summary>
    public const long MaxPendingBytes = 64L << 20;

    /// <summary>A backlog this long wakes the writer before the window ends, so a burst never nears the capacity.</summary>
    private const int BacklogWake = Capacity / 8;

    /// <summary>As many payload bytes wake the writer early: 100-row batches at full load are then written every
    /// few milliseconds, before a gen0 collection would copy them (bench/README.md: RSS with capture of batches).</summary>
    private const long BacklogWakeBytes = 512 << 10;

    private readonly ConcurrentQueue<CaptureRecord> _items = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _pending;
    private long _pendingBytes;
    private volatile bool _completed;

    private long _enqueued;
    private long _dropped;
    private long _written;
    private long _writeFailures;

    public long Enqueued => Interlocked.Read(ref _enqueued);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Written => Interlocked.Read(ref _written);
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>True once <see cref="Complete"/> was called: what is queued is the last to write.</summary>
    public bool IsCompleted => _completed;

    /// <summary>Queues <paramref name="record"/>; false when it was dropped (the caller still owns its buffers).</summary>
    public bool Offer(CaptureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var size = record.Size;
        var pending = Interlocked.Increment(ref _pending);
        var bytes = Interlocked.Add(ref _pendingBytes, size);
        if (_completed || pending > Capacity || bytes > MaxPendingBytes)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Add(ref _pendingBytes, -size);
            Interlocked.Increment(ref _dropped);
            return false;
        }

        _items.Enqueue(record);
        Interlocked.Increment(ref _enqueued);
        if (pending == 1 || pending == BacklogWake || (bytes >= BacklogWakeBytes && bytes - size < BacklogWakeBytes))
        {
            _signal.Release();
        }

        return true;
    }

    public bool TryRead(out CaptureRecord record)
    {
        if (!_items.TryDequeue(out record!))
        {
            return false;
        }

        Interlocked.Add(ref _pendingBytes, -record.Size);
        Interlocked.Decrement(ref _pending);
        return true;
    }

    /// <summary>
    /// Waits until records are queued, then lets them gather for <see cref="CoalesceWindow"/> (less when a
    /// backlog builds up or the queue completes). Throws when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task WaitToDrainAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _pending) == 0 && !_completed)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Signals counted so far were for records already queued: consume them, or the window below would
        // end at once and the writer would wake for every few records under steady load.
        while (_signal.Wait(0))
        {
        }

        if (!_completed && Volatile.Read(ref _pending) < BacklogWake && Interlocked.Read(ref _pendingBytes) < BacklogWakeBytes)
        {
            await _signal.WaitAsync(CoalesceWindow, cancellationToken).ConfigureAwait(false);
        }
    }

    public void MarkWritten(int count) => Interlocked.Add(ref _written, count);

    public void MarkFailed(int count)
    {
        Interlocked.Add(ref _writeFailures, count);
        Interlocked.Add(ref _dropped, count);
    }

    public void Complete()
    {
        _completed = true;
        _signal.Release();
    }
}
