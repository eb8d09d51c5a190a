using Turnout.Metrics.Histograms;

namespace Turnout.Metrics.Live;

/// <summary>
/// The fixed latency bucket bounds exported to Prometheus, and which of them each dense log-linear bucket
/// falls under. A log-linear bucket counts toward a bound only when all its values are at or below it, so
/// near a bound a sample may land in the next bucket up (at most 1/64 of the bound away).
/// </summary>
public static class PrometheusBuckets
{
    /// <summary>Upper bounds in seconds (le), excluding +Inf.</summary>
    public static IReadOnlyList<double> UpperBoundsSeconds { get; } =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>For dense index i, the index of the first bound it counts toward (Count = +Inf).</summary>
    internal static readonly int[] BoundOfDense = BuildMap();

    private static int[] BuildMap()
    {
        var map = new int[LogLinear.DenseLength];
        for (var i = 0; i < map.Length; i++)
        {
            // Integer microseconds in [lower, upper): the largest is ceil(upper) - 1.
            var largestMicros = i == 0 ? 0 : Math.Ceiling(LogLinear.UpperBound(LogLinear.KeyOfDense(i))) - 1;
            var j = 0;
            while (j < UpperBoundsSeconds.Count && largestMicros > Math.Round(UpperBoundsSeconds[j] * 1e6))
            {
                j++;
            }

            map[i] = j;
        }

        return map;
    }
}
