using System.Globalization;
using System.Text;

namespace Turnout.EndToEnd.Rollout;

/// <summary>
/// Compares the variants that answered within one steady segment with the shares that segment's state
/// implies: each count must be within <see cref="Sigmas"/> binomial standard deviations of n·p.
/// </summary>
internal static class TrafficShareCheck
{
    /// <summary>A correct weighted router fails one variant's check with probability below 1e-5.</summary>
    public const double Sigmas = 4.5;

    /// <summary>Below this many responses the normal approximation is too rough to judge; the segment is only reported.</summary>
    public const int MinimumResponses = 30;

    /// <summary>Returns a report line for the segment and, when a share is off, the problem.</summary>
    public static (string Line, string? Problem, bool Checked) Check(TimelineSegment segment, IReadOnlyList<LoadResponse> responses)
    {
        var n = responses.Count;
        var counts = responses.GroupBy(r => r.Variant ?? "?").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{segment.Label} ({segment.Duration:F1} s, n={n}):"));
        string? problem = null;
        var judged = n >= MinimumResponses;
        foreach (var (variant, p) in segment.Shares!.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var k = counts.GetValueOrDefault(variant);
            var expected = n * p;
            var allowed = Sigmas * Math.Sqrt(n * p * (1 - p));
            line.Append(CultureInfo.InvariantCulture, $" {variant} {k} (expected {expected:F1} +- {allowed:F1})");
            if (judged && Math.Abs(k - expected) > allowed)
            {
                problem ??= string.Empty;
                problem += string.Create(CultureInfo.InvariantCulture, $"{segment.Label}: {variant} answered {k} of {n}, outside {expected:F1} +- {allowed:F1} for share {p:G6}. ");
            }
        }

        if (!judged)
        {
            line.Append(" (too few to judge)");
        }

        return (line.ToString(), problem, judged);
    }
}
