namespace Turnout.ControlPlane.AutoScaling;

/// <summary>
/// Invocations per minute of one variant over a sliding window, from samples of its running invocation
/// total taken at each evaluation. Exact whatever the window (unlike one-minute buckets, which a short
/// test window would cut in two), and cheap: one counter read per evaluation.
/// </summary>
public sealed class InvocationRate
{
    private readonly Queue<(DateTimeOffset Time, long Total)> _samples = new();

    /// <summary>Records the total now and returns invocations per minute over <paramref name="window"/>, or null until a sample at least half a window old exists.</summary>
    public double? Observe(DateTimeOffset now, long total, TimeSpan window)
    {
        // Keep the newest sample that is at least a window old, as the baseline; drop older ones.
        while (_samples.Count >= 2 && now - _samples.ElementAt(1).Time >= window)
        {
            _samples.Dequeue();
        }

        double? rate = null;
        if (_samples.Count > 0)
        {
            var (time, baseline) = _samples.Peek();
            var span = now - time;
            if (span >= window / 2 && span > TimeSpan.Zero)
            {
                rate = Math.Max(0, total - baseline) / span.TotalMinutes;
            }
        }

        _samples.Enqueue((now, total));
        return rate;
    }
}
