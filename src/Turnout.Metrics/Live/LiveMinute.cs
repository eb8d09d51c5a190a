namespace Turnout.Metrics.Live;

/// <summary>
/// One stripe's cells for one UTC minute of one variant. A writer announces itself with its first write,
/// the <see cref="PerInstance"/> increment, backs off (undoing it) if <see cref="Sealed"/> is set, and ends
/// with its last write, the ModelLatency bucket increment. So the harvester can seal a minute, wait until
/// every started invocation has finished (<see cref="IsQuiescent"/>) and then read totals no late writer
/// will change, without a separate in-flight counter on the hot path.
/// </summary>
internal sealed class LiveMinute
{
    /// <summary>InvocationsPerInstance is counted per active-instance count up to this many instances.</summary>
    public const int MaxInstances = 256;

    /// <summary>Invocations per active-instance count k (index k); their total is the invocation count.</summary>
    public readonly int[] PerInstance = new int[MaxInstances + 1];
    public readonly LatencyCells Model = new();
    public readonly LatencyCells Overhead = new();
    public readonly LatencyCells Queueing = new();

    public long Minute;

    // 0 while writers may record here; 1 once harvested (and before it is published by a roll).
    public int Sealed = 1;
    public int Errors4xx;
    public int Errors5xx;

    /// <summary>True when every invocation that started here has also finished (its model bucket is in).</summary>
    public bool IsQuiescent()
    {
        long started = 0;
        foreach (ref var c in PerInstance.AsSpan())
        {
            started += Volatile.Read(ref c);
        }

        return started == Model.Count();
    }
}
