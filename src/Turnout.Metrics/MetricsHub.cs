using System.Collections.Concurrent;

namespace Turnout.Metrics;

/// <summary>All metric series of this process: hot-path recorders per variant, and the query side CloudWatch calls read.</summary>
public sealed class MetricsHub
{
    /// <summary>How long one-minute data is kept in memory (CloudWatch keeps 1-minute data for 15 days).</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(15);

    private readonly ConcurrentDictionary<(string Endpoint, string Variant), VariantMetrics> _variants = new();
    private readonly TimeSpan _retention;

    public MetricsHub(TimeProvider time)
        : this(time, DefaultRetention)
    {
    }

    internal MetricsHub(TimeProvider time, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, TimeSpan.FromMinutes(1));
        Time = time;
        _retention = retention;
    }

    public TimeProvider Time { get; }

    /// <summary>The recorder for a variant; the same instance for the same names.</summary>
    public VariantMetrics GetVariant(string endpointName, string variantName)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        ArgumentException.ThrowIfNullOrEmpty(variantName);
        return _variants.GetOrAdd(
            (endpointName, variantName),
            static (key, hub) => new VariantMetrics(key.Endpoint, key.Variant, hub.Time, hub._retention),
            this);
    }

    /// <summary>
    /// Metric series with data inside the retention window (or since <paramref name="activeSince"/>),
    /// filtered like CloudWatch ListMetrics, ordered by endpoint, variant, then metric.
    /// </summary>
    public IReadOnlyList<MetricIdentity> ListMetrics(
        string? metricNamespace = null,
        string? metricName = null,
        IReadOnlyList<DimensionFilter>? dimensions = null,
        DateTimeOffset? activeSince = null)
    {
        var result = new List<MetricIdentity>();
        if (metricNamespace is not null && !string.Equals(metricNamespace, SageMakerMetrics.Namespace, StringComparison.Ordinal))
        {
            return result;
        }

        SageMakerMetric? only = null;
        if (metricName is not null)
        {
            if (!SageMakerMetrics.TryParse(metricName, out var parsed))
            {
                return result;
            }

            only = parsed;
        }

        var now = Time.GetUtcNow();
        var since = UnixMinute(activeSince ?? now - _retention);
        foreach (var variant in _variants.Values.OrderBy(v => v.EndpointName, StringComparer.Ordinal).ThenBy(v => v.VariantName, StringComparer.Ordinal))
        {
            MetricDimension[] dims =
            [
                new(SageMakerMetrics.EndpointNameDimension, variant.EndpointName),
                new(SageMakerMetrics.VariantNameDimension, variant.VariantName),
            ];
            if (!MatchesFilters(dims, dimensions) || !variant.HasDataSince(since))
            {
                continue;
            }

            for (var m = 0; m < SageMakerMetrics.MetricNames.Count; m++)
            {
                if (only is null || (int)only.Value == m)
                {
                    result.Add(new MetricIdentity(SageMakerMetrics.Namespace, SageMakerMetrics.MetricNames[m], dims));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Datapoints of one series, one per period bucket that has samples, ascending. Buckets are aligned to
    /// multiples of the period since the epoch; the start is rounded down to its bucket (as CloudWatch rounds
    /// StartTime down) and the end is exclusive. The still-open minute is included.
    /// </summary>
    public IReadOnlyList<MetricDatapoint> GetStatistics(MetricStatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PeriodSeconds, 1);
        var result = new List<MetricDatapoint>();
        if (!string.Equals(query.Namespace, SageMakerMetrics.Namespace, StringComparison.Ordinal)
            || !SageMakerMetrics.TryParse(query.MetricName, out var metric)
            || !TryFindVariant(query.Dimensions, out var variant))
        {
            return result;
        }

        var unit = SageMakerMetrics.UnitOf(metric);
        if (query.Unit is not null && !string.Equals(query.Unit, unit, StringComparison.Ordinal))
        {
            return result;
        }

        long period = query.PeriodSeconds;
        var startSeconds = FloorDiv(query.StartTime.ToUnixTimeSeconds(), period) * period;
        var endSeconds = query.EndTime.ToUnixTimeSeconds() + (query.EndTime.Ticks % TimeSpan.TicksPerSecond == 0 ? 0 : 1);
        if (endSeconds <= startSeconds)
        {
            return result;
        }

        // Minute m covers [60m, 60m+60); it belongs to the query if it starts before the end and ends after the (rounded) start.
        var buckets = new List<MinuteBucket>();
        variant.CollectBuckets(FloorDiv(startSeconds, 60), CeilDiv(endSeconds, 60), buckets);

        long? openPeriod = null;
        StatAccumulator acc = default;
        foreach (var bucket in buckets)
        {
            var stats = bucket.Read(metric);
            if (stats.IsEmpty)
            {
                continue;
            }

            var periodStart = FloorDiv(bucket.UnixMinute * 60, period) * period;
            if (openPeriod != periodStart)
            {
                if (openPeriod is { } done)
                {
                    result.Add(ToDatapoint(done, acc, query.Statistics, unit));
                }

                openPeriod = periodStart;
                acc = default;
            }

            acc = acc.Merge(stats);
        }

        if (openPeriod is { } last)
        {
            result.Add(ToDatapoint(last, acc, query.Statistics, unit));
        }

        return result;
    }

    internal static long UnixMinute(DateTimeOffset time) => FloorDiv(time.ToUnixTimeSeconds(), 60);

    private static MetricDatapoint ToDatapoint(long periodStart, StatAccumulator acc, MetricStatistics wanted, string unit) => new(
        DateTimeOffset.FromUnixTimeSeconds(periodStart),
        wanted.HasFlag(MetricStatistics.SampleCount) ? acc.Count : null,
        wanted.HasFlag(MetricStatistics.Average) ? acc.Sum / acc.Count : null,
        wanted.HasFlag(MetricStatistics.Sum) ? acc.Sum : null,
        wanted.HasFlag(MetricStatistics.Minimum) ? acc.Min : null,
        wanted.HasFlag(MetricStatistics.Maximum) ? acc.Max : null,
        unit);

    private bool TryFindVariant(IReadOnlyList<MetricDimension> dimensions, out VariantMetrics variant)
    {
        variant = null!;
        if (dimensions.Count != 2)
        {
            return false;
        }

        string? endpoint = null, variantName = null;
        foreach (var d in dimensions)
        {
            if (d.Name == SageMakerMetrics.EndpointNameDimension)
            {
                endpoint = d.Value;
            }
            else if (d.Name == SageMakerMetrics.VariantNameDimension)
            {
                variantName = d.Value;
            }
        }

        return endpoint is not null && variantName is not null && _variants.TryGetValue((endpoint, variantName), out variant!);
    }

    private static bool MatchesFilters(MetricDimension[] dims, IReadOnlyList<DimensionFilter>? filters)
    {
        if (filters is null)
        {
            return true;
        }

        foreach (var filter in filters)
        {
            var found = false;
            foreach (var d in dims)
            {
                if (d.Name == filter.Name && (filter.Value is null || d.Value == filter.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
