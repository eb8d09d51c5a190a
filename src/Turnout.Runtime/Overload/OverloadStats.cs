using System.Collections.Concurrent;

namespace Turnout.Runtime.Overload;

/// <summary>
/// Per-variant counts of requests refused because every instance was full and of invocations the watchdog
/// timed out. Touched only on those paths, never on a served request.
/// </summary>
public sealed class OverloadStats
{
    private readonly ConcurrentDictionary<(string Endpoint, string Variant), Counters> _counters = new();

    public void Throttled(string endpoint, string variant) => Interlocked.Increment(ref Get(endpoint, variant).Throttled);

    public void TimedOut(string endpoint, string variant) => Interlocked.Increment(ref Get(endpoint, variant).TimedOut);

    /// <summary>Every variant with a count, and its counts.</summary>
    public IEnumerable<(string Endpoint, string Variant, long Throttled, long TimedOut)> Snapshot()
    {
        foreach (var pair in _counters)
        {
            yield return (pair.Key.Endpoint, pair.Key.Variant, Interlocked.Read(ref pair.Value.Throttled), Interlocked.Read(ref pair.Value.TimedOut));
        }
    }

    private Counters Get(string endpoint, string variant) => _counters.GetOrAdd((endpoint, variant), static _ => new Counters());

    private sealed class Counters
    {
        public long Throttled;
        public long TimedOut;
    }
}
