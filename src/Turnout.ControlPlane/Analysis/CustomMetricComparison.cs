using Turnout.Analysis.Statistics;
using Turnout.ControlPlane.Endpoints;
using Turnout.Metrics;
using Turnout.Storage;

namespace Turnout.ControlPlane.Analysis;

/// <summary>
/// Compares variants on a business metric users send with PutMetricData (e.g. a conversion recorded as 1 or
/// 0 per request, with EndpointName and VariantName dimensions): each variant's rate = Sum / SampleCount,
/// with Wilson intervals, the Newcombe interval of the difference against the baseline, a two-proportion
/// p-value and an always-valid (mSPRT) p-value so the comparison may be checked at any time.
/// </summary>
public sealed class CustomMetricComparison(IControlPlaneStore store, MetricsHub metrics, ControlPlaneOptions options, TimeProvider time)
{
    public sealed record VariantRate(string Variant, long Trials, long Successes, double Rate, Interval Interval);

    public sealed record Difference(string Variant, string Baseline, double Value, Interval Interval, double PValue, double AlwaysValidPValue, bool Significant);

    public sealed record Result(string Namespace, string MetricName, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<VariantRate> Variants, IReadOnlyList<Difference> Differences);

    public Result Compare(string endpointName, string ns, string metricName, string? baseline, DateTimeOffset? from, DateTimeOffset? to, double minimumEffect = 0.02)
    {
        var record = store.GetEndpoint(endpointName) ?? throw ControlPlaneException.NotFound("endpoint", options.EndpointArn(endpointName));
        var variants = EndpointState.Parse(record.Document).Variants.Select(v => v.VariantName).ToList();
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (start >= end)
        {
            throw ControlPlaneException.Validation("from must be before to.");
        }

        var rates = new List<VariantRate>();
        foreach (var variant in variants)
        {
            var points = metrics.GetStatistics(new MetricStatisticsQuery(
                ns, metricName, [new MetricDimension("EndpointName", endpointName), new MetricDimension("VariantName", variant)],
                start, end, 60, MetricStatistics.Sum | MetricStatistics.SampleCount | MetricStatistics.Minimum | MetricStatistics.Maximum));
            if (points.Any(p => p.Minimum < 0 || p.Maximum > 1))
            {
                throw ControlPlaneException.Validation($"{ns}/{metricName} has values outside 0–1 for {variant}; compare rates by sending 1 (success) or 0 per event.");
            }

            var trials = (long)Math.Round(points.Sum(p => p.SampleCount ?? 0));
            var successes = (long)Math.Round(points.Sum(p => p.Sum ?? 0));
            rates.Add(new VariantRate(variant, trials, successes, trials == 0 ? double.NaN : (double)successes / trials, Proportions.Wilson(successes, Math.Max(trials, 1))));
        }

        var reference = rates.FirstOrDefault(r => r.Variant == (baseline ?? variants[0]))
            ?? throw ControlPlaneException.Validation($"Baseline \"{baseline}\" is not a variant of {endpointName}: {string.Join(", ", variants)}.");
        var differences = new List<Difference>();
        foreach (var rate in rates.Where(r => r != reference && r.Trials > 0 && reference.Trials > 0))
        {
            var difference = rate.Rate - reference.Rate;
            var se = Proportions.DifferenceStandardError(rate.Successes, rate.Trials, reference.Successes, reference.Trials);
            var sequential = MixtureSprt.Evaluate(difference, se * se, minimumEffect);
            differences.Add(new Difference(rate.Variant, reference.Variant, difference,
                Proportions.NewcombeDifference(rate.Successes, rate.Trials, reference.Successes, reference.Trials),
                Proportions.TwoProportionPValue(rate.Successes, rate.Trials, reference.Successes, reference.Trials),
                sequential.AlwaysValidPValue, sequential.RejectsNull));
        }

        return new Result(ns, metricName, start, end, rates, differences);
    }
}
