using System.Collections.Concurrent;

namespace Turnout.Runtime.Capture;

/// <summary>
/// The bounded hand-off between invocations and the capture writer. Offering is lock-free (a concurrent
/// queue and one counter), and the writer is woken only when the queue turns non-empty or a backlog builds
/// up, then collects for <see cref="CoalesceWindow"/> and writes everything in one go: a wake-up and a
/// flush per record cost more CPU than the capture itself (bench/README.md). A full queue (a slow or full
/// disk) drops the capture, never the request; drops are counted so users see them.
/// </summary>
public sealed class CaptureQueue
{
    public const int Capacity = 16_384;

    /// <summary>How long the writer lets records gather after the first one arrives; SageMaker itself
    /// delivers captures to S3 minutes late, so a tenth of a second is invisible to users.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>A backlog this long wakes the writer before the window ends, so a burst never nears the capacity.</summary>
    private const int BacklogWake = Capacity / 8;

    private readonly ConcurrentQueue<CaptureRecord> _items = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _pending;
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

    public void Offer(CaptureRecord record)
    {
        var pending = Interlocked.Increment(ref _pending);
        if (_completed || pending > Capacity)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _items.Enqueue(record);
        Interlocked.Increment(ref _enqueued);
        if (pending == 1 || pending == BacklogWake)
        {
            _signal.Release();
        }
    }

    public bool TryRead(out CaptureRecord record)
    {
        if (!_items.TryDequeue(out record!))
        {
            return false;
        }

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

        if (!_completed && Volatile.Read(ref _pending) < BacklogWake)
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
