using System.Globalization;

namespace Turnout.EndToEnd.Rollout;

/// <summary>
/// Which variants could answer when, built from the driver's DescribeEndpoint polls. The states a rollout
/// passes through only move forward, so a state reported by two consecutive polls held all the time between
/// them; between polls that reported different states (or with a change in flight) the routing switched
/// at an unknown instant, and either side's variants may answer.
/// </summary>
internal sealed class RolloutTimeline
{
    private RolloutTimeline(IReadOnlyList<TimelineSegment> segments) => Segments = segments;

    public IReadOnlyList<TimelineSegment> Segments { get; }

    public IEnumerable<TimelineSegment> SteadySegments => Segments.Where(s => s.Steady);

    public static RolloutTimeline Build(IEnumerable<StateObservation> observations)
    {
        // Runs of consecutive polls that reported the same settled state; an in-flux poll ends a run.
        var runs = new List<(string Label, IReadOnlyDictionary<string, double> Shares, double From, double To)>();
        StateObservation? first = null;
        StateObservation? last = null;
        foreach (var observation in observations.OrderBy(o => o.T0))
        {
            if (first is not null && (observation.Shares is null || observation.Label != first.Label))
            {
                runs.Add((first.Label, first.Shares!, first.T1, last!.T0));
                first = null;
            }

            if (observation.Shares is not null)
            {
                first ??= observation;
                last = observation;
            }
        }

        if (first is not null)
        {
            runs.Add((first.Label, first.Shares!, first.T1, last!.T0));
        }

        if (runs.Count == 0)
        {
            throw new InvalidOperationException("The driver reported no settled endpoint state.");
        }

        var segments = new List<TimelineSegment>();
        var gap = new HashSet<string>(StringComparer.Ordinal);
        var gapFrom = double.NegativeInfinity;
        var gapLabels = new List<string>();
        foreach (var run in runs)
        {
            var allowed = run.Shares.Where(s => s.Value > 0).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            gap.UnionWith(allowed);
            gapLabels.Add(run.Label);
            if (run.From >= run.To)
            {
                // Seen by one poll only: it happened somewhere in the surrounding transition.
                continue;
            }

            segments.Add(new TimelineSegment(gapFrom, run.From, "transition: " + string.Join(" -> ", gapLabels), gap, null));
            segments.Add(new TimelineSegment(run.From, run.To, run.Label, allowed, run.Shares));
            gap = new HashSet<string>(allowed, StringComparer.Ordinal);
            gapFrom = run.To;
            gapLabels = [run.Label];
        }

        segments.Add(new TimelineSegment(gapFrom, double.PositiveInfinity, "transition: " + string.Join(" -> ", gapLabels) + " (end)", gap, null));
        return new RolloutTimeline(segments);
    }

    /// <summary>The variants that may have answered a request in flight over [t0, t1], widened by <paramref name="grace"/>.</summary>
    public IReadOnlySet<string> AllowedDuring(double t0, double t1, double grace)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in Segments)
        {
            if (segment.From <= t1 + grace && segment.To >= t0 - grace)
            {
                allowed.UnionWith(segment.Allowed);
            }
        }

        return allowed;
    }

    /// <summary>A readable form of the segments that overlap [t0, t1], for failure messages.</summary>
    public string Describe(double t0, double t1, double grace) =>
        string.Join("; ", Segments
            .Where(s => s.From <= t1 + grace && s.To >= t0 - grace)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"[{s.From:F3}, {s.To:F3}] {s.Label} {{{string.Join(",", s.Allowed.Order(StringComparer.Ordinal))}}}")));
}
