namespace Turnout.Metrics.Live;

/// <summary>
/// One stripe's cells for one UTC minute of one variant. Writers announce themselves in
/// <see cref="Writers"/> and back off once <see cref="Sealed"/> is set, so the harvester can seal a minute,
/// wait for in-flight writers to drain and then read totals that no late writer will change.
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
    public int Writers;

    // 1 while harvested or idle in the free list; 0 while it is a stripe's current minute.
    public int Sealed = 1;
    public int Errors4xx;
    public int Errors5xx;

    public void Reset()
    {
        Array.Clear(PerInstance);
        Model.Reset();
        Overhead.Reset();
        Queueing.Reset();
        Errors4xx = 0;
        Errors5xx = 0;
    }
}
