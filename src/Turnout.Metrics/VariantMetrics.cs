using System.Runtime.CompilerServices;

namespace Turnout.Metrics;

/// <summary>
/// Hot-path recorder for one production variant. The runtime holds a reference in its routing table,
/// so recording never looks anything up. Must be lock-free and allocation-free.
/// </summary>
/// <remarks>
/// Samples go into the current minute's <see cref="MinuteBucket"/> with Interlocked operations. Only the
/// first invocation of a new minute allocates a bucket and takes <see cref="_historyLock"/> to archive the
/// previous one and prune past the retention window; every other invocation is lock- and allocation-free.
/// </remarks>
public sealed class VariantMetrics
{
    private readonly TimeProvider _time;
    private readonly long _retentionMinutes;
    private readonly Lock _historyLock = new();

    // Closed minutes in ascending order; guarded by _historyLock. The open minute lives in _current.
    private readonly List<MinuteBucket> _history = [];
    private MinuteBucket? _current;

    private long _totalInvocations;
    private long _total4xx;
    private long _total5xx;

    internal VariantMetrics(string endpointName, string variantName)
        : this(endpointName, variantName, TimeProvider.System, MetricsHub.DefaultRetention)
    {
    }

    internal VariantMetrics(string endpointName, string variantName, TimeProvider time, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(time);
        EndpointName = endpointName;
        VariantName = variantName;
        _time = time;
        _retentionMinutes = Math.Max(1, (long)retention.TotalMinutes);
    }

    public string EndpointName { get; }
    public string VariantName { get; }

    /// <summary>Invocations recorded since start.</summary>
    public long TotalInvocations => Volatile.Read(ref _totalInvocations);

    /// <summary>Invocations whose model answered 4xx, since start.</summary>
    public long Total4xxErrors => Volatile.Read(ref _total4xx);

    /// <summary>Invocations whose model answered 5xx, since start.</summary>
    public long Total5xxErrors => Volatile.Read(ref _total5xx);

    /// <summary>
    /// Records one invocation: Invocations (+1), Invocation4XXErrors/5XXErrors (1 or 0 samples),
    /// InvocationsPerInstance (1/activeInstances), ModelLatency and OverheadLatency (microseconds).
    /// </summary>
    public void RecordInvocation(InvocationOutcome outcome, long modelLatencyMicros, long overheadLatencyMicros, int activeInstances)
    {
        var bucket = CurrentBucket(MetricsHub.UnixMinute(_time.GetUtcNow()));

        // Invocations first: readers load the error counts before the invocation count (see MinuteBucket.Read).
        Interlocked.Increment(ref bucket.Invocations);
        Interlocked.Increment(ref _totalInvocations);
        if (outcome == InvocationOutcome.ClientError)
        {
            Interlocked.Increment(ref bucket.Errors4xx);
            Interlocked.Increment(ref _total4xx);
        }
        else if (outcome == InvocationOutcome.ServerError)
        {
            Interlocked.Increment(ref bucket.Errors5xx);
            Interlocked.Increment(ref _total5xx);
        }

        var perInstance = 1.0 / Math.Max(1, activeInstances);
        AtomicDouble.Add(ref bucket.PerInstanceSum, perInstance);
        AtomicDouble.Min(ref bucket.PerInstanceMin, perInstance);
        AtomicDouble.Max(ref bucket.PerInstanceMax, perInstance);

        LatencyCell.Record(ref bucket.ModelLatency, Math.Max(0, modelLatencyMicros));
        LatencyCell.Record(ref bucket.OverheadLatency, Math.Max(0, overheadLatencyMicros));
    }

    /// <summary>True if any minute at or after <paramref name="sinceUnixMinute"/> holds data.</summary>
    internal bool HasDataSince(long sinceUnixMinute)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.UnixMinute >= sinceUnixMinute)
        {
            return true;
        }

        lock (_historyLock)
        {
            return _history.Count > 0 && _history[^1].UnixMinute >= sinceUnixMinute;
        }
    }

    /// <summary>Appends the buckets with fromMinute &lt;= minute &lt; toMinute, ascending, including the open minute.</summary>
    internal void CollectBuckets(long fromMinute, long toMinute, List<MinuteBucket> into)
    {
        lock (_historyLock)
        {
            // The lock also orders us against a roll, so the minute being archived is seen exactly once.
            var index = LowerBound(fromMinute);
            for (; index < _history.Count && _history[index].UnixMinute < toMinute; index++)
            {
                into.Add(_history[index]);
            }

            var current = _current;
            if (current is not null && current.UnixMinute >= fromMinute && current.UnixMinute < toMinute)
            {
                into.Add(current);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MinuteBucket CurrentBucket(long unixMinute)
    {
        var current = Volatile.Read(ref _current);

        // A writer whose clock read predates a roll records into the newer minute: off by one minute, never lost.
        return current is not null && unixMinute <= current.UnixMinute ? current : Roll(unixMinute);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private MinuteBucket Roll(long unixMinute)
    {
        lock (_historyLock)
        {
            var current = _current;
            if (current is not null && unixMinute <= current.UnixMinute)
            {
                return current;
            }

            if (current is not null)
            {
                _history.Add(current);
            }

            var prunedBefore = unixMinute - _retentionMinutes;
            var stale = LowerBound(prunedBefore);
            if (stale > 0)
            {
                _history.RemoveRange(0, stale);
            }

            var fresh = new MinuteBucket(unixMinute);
            Volatile.Write(ref _current, fresh);
            return fresh;
        }
    }

    // First index in _history whose minute is >= minute. Caller holds _historyLock.
    private int LowerBound(long minute)
    {
        int lo = 0, hi = _history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_history[mid].UnixMinute < minute)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
