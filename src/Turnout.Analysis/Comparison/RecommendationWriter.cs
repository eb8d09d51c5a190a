using System.Globalization;

namespace Turnout.Analysis.Comparison;

/// <summary>
/// Turns the primary metric's comparison into a verdict and a plain sentence. It is deliberately blunt about
/// uncertainty: an interval that includes 0 never becomes "better".
/// </summary>
internal static class RecommendationWriter
{
    public static Recommendation ForVariant(string variant, string baseline, MetricComparison c, ComparisonOptions options)
    {
        var name = c.Metric.DisplayName;
        if (double.IsNaN(c.Difference) || double.IsNaN(c.Interval.Lower))
        {
            return new Recommendation(Verdict.KeepCollecting, variant, c.Metric.Name,
                $"{name} cannot be compared yet for {variant} (it needs both classes among the labelled rows); keep collecting data.");
        }

        var sign = c.Metric.HigherIsBetter ? 1 : -1;
        var summary = $"{Signed(c.Difference)} [{Number(c.Interval.Lower)}, {Number(c.Interval.Upper)}], {PValue(c.PValue)}";
        var fixedSignificant = c.Interval.ExcludesZero;
        var significant = options.Sequential ? c.Sequential.RejectsNull : fixedSignificant;
        var sequentialNote = options.Sequential ? $" (always-valid p = {Number(c.Sequential.AlwaysValidPValue)})" : "";
        if (significant && sign * c.Difference > 0)
        {
            return new Recommendation(Verdict.Ship, variant, c.Metric.Name, $"{variant} is better than {baseline} on {name}: {summary}{sequentialNote}; ship it.");
        }

        if (significant && sign * c.Difference < 0)
        {
            return new Recommendation(Verdict.KeepBaseline, variant, c.Metric.Name, $"{variant} is worse than {baseline} on {name}: {summary}{sequentialNote}; keep {baseline}.");
        }

        if (options.Sequential && fixedSignificant)
        {
            return new Recommendation(Verdict.KeepCollecting, variant, c.Metric.Name,
                $"{variant} vs {baseline} on {name}: {summary}, but the always-valid test that allows repeated looks has not decided{sequentialNote}; keep collecting data.");
        }

        if (c.AdditionalRowsPerVariant == 0 && c.Interval.Lower > -c.MinimumEffect && c.Interval.Upper < c.MinimumEffect)
        {
            return new Recommendation(Verdict.NoMeaningfulDifference, variant, c.Metric.Name,
                $"No meaningful difference between {variant} and {baseline} on {name}: {summary}; the interval rules out a change of {Number(c.MinimumEffect)} or more, so either is fine.");
        }

        var more = c.AdditionalRowsPerVariant is { } rows and > 0
            ? $" (about {rows.ToString("N0", CultureInfo.InvariantCulture)} more rows per variant to detect a change of {Number(c.MinimumEffect)})"
            : "";
        return new Recommendation(Verdict.KeepCollecting, variant, c.Metric.Name,
            $"No clear difference between {variant} and {baseline} on {name}: {summary}, the interval includes 0; keep collecting data{more}.");
    }

    public static Recommendation Overall(IReadOnlyList<VariantReport> reports, string baseline, string metric)
    {
        var challengers = reports.Where(r => r.Recommendation.Verdict != Verdict.Baseline).ToArray();
        if (challengers.Length == 0)
        {
            return new Recommendation(Verdict.KeepCollecting, null, metric, $"Only {baseline} has data; nothing to compare.");
        }

        var info = MetricNames.Info(metric);
        var winner = challengers
            .Where(r => r.Recommendation.Verdict == Verdict.Ship)
            .OrderByDescending(r => (info.HigherIsBetter ? 1 : -1) * r.Comparisons.First(c => c.Metric.Name == metric).Difference)
            .FirstOrDefault();
        if (winner is not null)
        {
            return winner.Recommendation;
        }

        var pending = challengers.FirstOrDefault(r => r.Recommendation.Verdict == Verdict.KeepCollecting);
        return pending?.Recommendation ?? challengers[0].Recommendation;
    }

    internal static string Signed(double x) => (x >= 0 ? "+" : "") + Number(x);

    internal static string Number(double x)
    {
        if (double.IsNaN(x))
        {
            return "n/a";
        }

        var a = Math.Abs(x);
        return a == 0 || a >= 0.001 && a < 1e6 ? x.ToString("0.000", CultureInfo.InvariantCulture) : x.ToString("0.##e+0", CultureInfo.InvariantCulture);
    }

    internal static string PValue(double p) =>
        double.IsNaN(p) ? "p = n/a" : p < 0.001 ? "p < 0.001" : "p = " + p.ToString("0.###", CultureInfo.InvariantCulture);
}
