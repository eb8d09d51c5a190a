using System.Numerics;
using System.Runtime.CompilerServices;
using Turnout.Metrics.Live;

namespace Turnout.Metrics;

/// <summary>
/// Hot-path recorder for one production variant. The runtime holds a reference in its routing table, so
/// recording never looks anything up; it is lock-free and allocation-free.
/// </summary>
/// <remarks>
/// Writers pick a stripe by the core they run on and update that stripe's current <see cref="LiveMinute"/>
/// with Interlocked operations, so cores do not fight over cache lines. Once a minute per stripe the first
/// writer of the new minute rolls the stripe (a short lock and a new minute object). The
/// <see cref="MetricsHub"/> harvests closed minutes in the background: it seals them, waits for in-flight
/// writers to leave (see <see cref="Enter"/>) and only then reads them, so no sample is ever lost.
/// </remarks>
public sealed class VariantMetrics
{
    private readonly MinuteClock _clock;
    private readonly Stripe[] _stripes;
    private readonly int _stripeMask;
    private readonly Lock _closingLock = new();

    // Minutes a stripe has rolled past but the hub has not harvested yet; guarded by _closingLock.
    private readonly List<LiveMinute> _closing = [];

    // Harvested totals since start; written by the hub under its lock.
    private VariantTotals _closedTotals = new();

    internal VariantMetrics(string endpointName, string variantName)
        : this(endpointName, variantName, new MinuteClock(TimeProvider.System))
    {
    }

    internal VariantMetrics(string endpointName, string variantName, MinuteClock clock, int stripes = 0)
    {
        ArgumentNullException.ThrowIfNull(clock);
        EndpointName = endpointName;
        VariantName = variantName;
        _clock = clock;
        var count = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(stripes > 0 ? stripes : Environment.ProcessorCount, 1, 64));
        _stripes = new Stripe[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new Stripe();
        }

        _stripeMask = count - 1;
    }

    public string EndpointName { get; }
    public string VariantName { get; }

    /// <summary>Invocations recorded since start (reads live cells; not for the hot path).</summary>
    public long TotalInvocations => SnapshotTotals().Invocations;

    /// <summary>Invocations whose model answered 4xx, since start.</summary>
    public long Total4xxErrors => SnapshotTotals().Errors4xx;

    /// <summary>Invocations whose model answered 5xx, since start.</summary>
    public long Total5xxErrors => SnapshotTotals().Errors5xx;

    /// <summary>
    /// Records one invocation: Invocations (+1), Invocation4XXErrors/5XXErrors (1 or 0 samples),
    /// InvocationsPerInstance (1/activeInstances), ModelLatency and OverheadLatency (microseconds), and a
    /// QueueingLatency of 0.
    /// </summary>
    public void RecordInvocation(InvocationOutcome outcome, long modelLatencyMicros, long overheadLatencyMicros, int activeInstances) =>
        RecordInvocation(outcome, modelLatencyMicros, overheadLatencyMicros, 0, activeInstances);

    /// <summary>
    /// Records one invocation with its latency split: <paramref name="overheadLatencyMicros"/> is everything
    /// but the model (AWS's OverheadLatency) and <paramref name="queueingLatencyMicros"/> the part of it spent
    /// waiting for a free model instance.
    /// </summary>
    public void RecordInvocation(InvocationOutcome outcome, long modelLatencyMicros, long overheadLatencyMicros, long queueingLatencyMicros, int activeInstances) =>
        Record(outcome, modelLatencyMicros, overheadLatencyMicros, queueingLatencyMicros, activeInstances, _clock.CurrentMinute());

    /// <summary>
    /// The cheapest form for the runtime: <paramref name="timestamp"/> is a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>
    /// value the caller already took (e.g. when the invocation finished), so recording reads no clock.
    /// </summary>
    public void RecordInvocation(InvocationOutcome outcome, long modelLatencyMicros, long overheadLatencyMicros, long queueingLatencyMicros, int activeInstances, long timestamp) =>
        Record(outcome, modelLatencyMicros, overheadLatencyMicros, queueingLatencyMicros, activeInstances, _clock.MinuteAt(timestamp));

    /// <summary>Closed totals since start plus whatever the live cells hold now.</summary>
    public VariantTotals SnapshotTotals()
    {
        var live = new VariantTotals();
        foreach (var minute in CollectLive())
        {
            live.Add(minute);
        }

        return Volatile.Read(ref _closedTotals).Plus(live);
    }

    /// <summary>The not-yet-harvested minutes (open and closing), summed per minute, ascending.</summary>
    internal List<MinuteAccumulator> CollectLive()
    {
        var seen = new HashSet<LiveMinute>(ReferenceEqualityComparer.Instance);
        foreach (var stripe in _stripes)
        {
            if (Volatile.Read(ref stripe.Current) is { } current)
            {
                seen.Add(current);
            }
        }

        lock (_closingLock)
        {
            // A concurrent roll may show one minute both as current and closing; the set counts it once.
            seen.UnionWith(_closing);
        }

        return Accumulate(seen);
    }

    /// <summary>
    /// Detaches every minute before <paramref name="beforeMinute"/> (all of them when null), seals it, waits for
    /// its writers and returns the sums per minute; the totals since start absorb them. Hub lock held.
    /// </summary>
    internal List<MinuteAccumulator> Harvest(long? beforeMinute)
    {
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                var current = stripe.Current;
                if (current is not null && (beforeMinute is null || current.Minute < beforeMinute))
                {
                    lock (_closingLock)
                    {
                        _closing.Add(current);
                    }

                    Volatile.Write(ref stripe.Current, null);
                }
            }
        }

        List<LiveMinute> taken;
        lock (_closingLock)
        {
            taken = [.. _closing];
            _closing.Clear();
        }

        foreach (var cells in taken)
        {
            // Pairs with Enter: either the writer sees Sealed and backs off, or it was counted as started
            // before the seal and we wait for its last write.
            Interlocked.Exchange(ref cells.Sealed, 1);
            var spin = new SpinWait();
            while (!cells.IsQuiescent())
            {
                spin.SpinOnce();
            }
        }

        var result = Accumulate(taken);
        var totals = new VariantTotals();
        foreach (var minute in result)
        {
            totals.Add(minute);
        }

        // Harvested cells are not reused: a writer still holding a stale reference may touch them (and back
        // off) at any time, which is harmless only while nobody reads them again.
        Volatile.Write(ref _closedTotals, _closedTotals.Plus(totals));
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Record(InvocationOutcome outcome, long modelLatencyMicros, long overheadLatencyMicros, long queueingLatencyMicros, int activeInstances, long minute)
    {
        var instances = Math.Clamp(activeInstances, 1, LiveMinute.MaxInstances);
        var cells = Enter(_stripes[Thread.GetCurrentProcessorId() & _stripeMask], minute, instances);
        if (outcome == InvocationOutcome.ClientError)
        {
            Interlocked.Increment(ref cells.Errors4xx);
        }
        else if (outcome == InvocationOutcome.ServerError)
        {
            Interlocked.Increment(ref cells.Errors5xx);
        }

        cells.Overhead.Record(Math.Max(0, overheadLatencyMicros));

        // Zero queueing (the common case) is not written: the harvest counts it as invocations minus queued samples.
        if (queueingLatencyMicros > 0)
        {
            cells.Queueing.Record(queueingLatencyMicros);
        }

        // Last: the model bucket increment marks this invocation finished for the harvester.
        cells.Model.Record(Math.Max(0, modelLatencyMicros));
    }

    // The PerInstance increment both counts the invocation and announces the writer to a harvester (see LiveMinute).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private LiveMinute Enter(Stripe stripe, long minute, int instances)
    {
        while (true)
        {
            var cells = Volatile.Read(ref stripe.Current);
            if (cells is null || minute > cells.Minute)
            {
                // A writer whose clock read predates a roll records into the newer minute: late by one, never lost.
                cells = Roll(stripe, minute);
            }

            Interlocked.Increment(ref cells.PerInstance[instances]);
            if (Volatile.Read(ref cells.Sealed) == 0)
            {
                return cells;
            }

            Interlocked.Decrement(ref cells.PerInstance[instances]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LiveMinute Roll(Stripe stripe, long minute)
    {
        lock (stripe.Gate)
        {
            var current = stripe.Current;
            if (current is not null && minute <= current.Minute)
            {
                return current;
            }

            if (current is not null)
            {
                lock (_closingLock)
                {
                    _closing.Add(current);
                }
            }

            var fresh = new LiveMinute { Minute = minute };
            Volatile.Write(ref fresh.Sealed, 0);
            Volatile.Write(ref stripe.Current, fresh);
            return fresh;
        }
    }

    private static List<MinuteAccumulator> Accumulate(IEnumerable<LiveMinute> cells)
    {
        var byMinute = new SortedDictionary<long, MinuteAccumulator>();
        foreach (var c in cells)
        {
            if (!byMinute.TryGetValue(c.Minute, out var acc))
            {
                byMinute[c.Minute] = acc = new MinuteAccumulator(c.Minute);
            }

            acc.Add(c);
        }

        foreach (var acc in byMinute.Values)
        {
            acc.CompleteQueueing();
        }

        return [.. byMinute.Values];
    }
}
