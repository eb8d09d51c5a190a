using System.Collections.Concurrent;
using Turnout.Metrics.Live;
using Turnout.Metrics.Sampling;
using Turnout.Metrics.Series;
using Turnout.Metrics.Storage;

namespace Turnout.Metrics;

/// <summary>
/// All metric series of this process. Variants record on the hot path into live per-core cells; everything
/// else happens here, off the hot path, under one lock: harvesting closed minutes into aggregates, taking
/// PutMetricData, rolling minutes up into 5-minute and hourly aggregates as they arrive, flushing them to
/// SQLite, enforcing retention and the size bound, and answering queries over stored + pending + live data.
/// </summary>
public sealed class MetricsHub : IDisposable
{
    /// <summary>How long one-minute data is kept (CloudWatch keeps 1-minute data for 15 days).</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(15);

    /// <summary>ListMetrics shows series with data in this window, as CloudWatch does.</summary>
    public static readonly TimeSpan ListWindow = TimeSpan.FromDays(14);

    private static readonly int[] RollupResolutions = [60, 300, 3600];

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(string Endpoint, string Variant), VariantMetrics> _variants = new();
    private readonly Dictionary<SeriesKey, SeriesState> _series = [];
    private readonly Dictionary<(SeriesKey Key, int Resolution, long Time), Aggregate> _pending = [];
    private readonly IMetricStore _store;
    private readonly MinuteClock _clock;
    private readonly ProcessSampler _sampler;
    private DateTimeOffset _lastFlush;
    private DateTimeOffset _lastSample;
    private DateTimeOffset _lastSweep;
    private bool _disposed;

    public MetricsHub(TimeProvider time)
        : this(time, new MetricsOptions())
    {
    }

    public MetricsHub(TimeProvider time, MetricsOptions options)
        : this(time, options, new ProcessStats())
    {
    }

    internal MetricsHub(TimeProvider time, TimeSpan retention)
        : this(time, new MetricsOptions { OneMinuteRetention = retention })
    {
    }

    internal MetricsHub(TimeProvider time, MetricsOptions options, IProcessStats processStats)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OneMinuteRetention, TimeSpan.FromMinutes(1));
        Time = time;
        Options = options;
        _clock = new MinuteClock(time);
        _sampler = new ProcessSampler(processStats);
        if (options.Store is null && options.DatabasePath is { } path && System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        _store = options.Store?.Invoke() ?? new SqliteMetricStore(options.DatabasePath);
        foreach (var s in _store.LoadSeries())
        {
            _series[s.Key] = new SeriesState(s.Unit) { Id = s.Id, LastTime = s.LastTime };
        }

        _lastFlush = _lastSample = _lastSweep = time.GetUtcNow();
    }

    public TimeProvider Time { get; }

    public MetricsOptions Options { get; }

    /// <summary>Every variant recorder created so far, ordered by endpoint then variant.</summary>
    public IReadOnlyList<VariantMetrics> Variants =>
        [.. _variants.Values.OrderBy(v => v.EndpointName, StringComparer.Ordinal).ThenBy(v => v.VariantName, StringComparer.Ordinal)];

    /// <summary>The recorder for a variant; the same instance for the same names.</summary>
    public VariantMetrics GetVariant(string endpointName, string variantName)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        ArgumentException.ThrowIfNullOrEmpty(variantName);
        return _variants.GetOrAdd(
            (endpointName, variantName),
            static (key, hub) => new VariantMetrics(key.Endpoint, key.Variant, hub._clock, hub.Options.Stripes),
            this);
    }

    /// <summary>Stores PutMetricData datums (any namespace, any name), rolled up into every coarser resolution.</summary>
    public void Put(IEnumerable<MetricDatum> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_gate)
        {
            foreach (var d in data)
            {
                var resolution = d.StorageResolution == 1 ? 1 : 60;
                Ingest(new SeriesKey(d.Namespace, d.MetricName, d.Dimensions), d.Timestamp.ToUnixTimeSeconds(), resolution, d.Value, d.Unit);
            }
        }
    }

    /// <summary>
    /// Datapoints of one series, one per period bucket that has samples, ascending. Buckets are aligned to
    /// multiples of the period since the epoch; the start is rounded down to its bucket (as CloudWatch rounds
    /// StartTime down) and the end is exclusive. Stored, pending and still-open minutes all count. Data older
    /// than a resolution's retention is served from the next coarser resolution.
    /// </summary>
    public IReadOnlyList<MetricDatapoint> GetStatistics(MetricStatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PeriodSeconds, 1);
        var percentiles = new List<(string Name, double Percent)>();
        foreach (var name in query.ExtendedStatistics ?? [])
        {
            if (!Percentiles.TryParse(name, out var percent))
            {
                throw new ArgumentException($"'{name}' is not a percentile statistic such as p99 or p99.9.", nameof(query));
            }

            percentiles.Add((name, percent));
        }

        var result = new List<MetricDatapoint>();
        var key = new SeriesKey(query.Namespace, query.MetricName, query.Dimensions);
        long period = query.PeriodSeconds;
        var startSeconds = FloorDiv(query.StartTime.ToUnixTimeSeconds(), period) * period;
        var endSeconds = query.EndTime.ToUnixTimeSeconds() + (query.EndTime.UtcTicks % TimeSpan.TicksPerSecond == 0 ? 0 : 1);
        if (endSeconds <= startSeconds)
        {
            return result;
        }

        SortedDictionary<long, Aggregate> buckets;
        string unit;
        lock (_gate)
        {
            var live = LiveSource(key);
            _series.TryGetValue(key, out var state);
            if (state is not { Id: > 0 } && _store.Shared && _store.FindSeries(key) is { } stored)
            {
                // Another node created this series after we loaded the list.
                state = AdoptLocked(stored);
            }

            if (state is null && live is null)
            {
                return result;
            }

            unit = state?.Unit ?? SageMakerMetrics.UnitOf(live!.Value.Metric);
            if (query.Unit is not null && !string.Equals(query.Unit, unit, StringComparison.Ordinal))
            {
                return result;
            }

            buckets = [];
            var resolution = ChooseResolution(query.PeriodSeconds, startSeconds);
            var points = ReadPoints(key, state, resolution, startSeconds, endSeconds);
            if (resolution == 1 && points.Count == 0)
            {
                // Standard-resolution series have no 1-second rows; serve them per minute.
                points = ReadPoints(key, state, 60, startSeconds, endSeconds);
            }

            if (live is { } source)
            {
                foreach (var minute in source.Variant.CollectLive())
                {
                    var time = minute.Minute * 60;
                    if (time >= startSeconds - 59 && time < endSeconds)
                    {
                        foreach (var (metric, value) in minute.Aggregates())
                        {
                            if (metric == source.Metric)
                            {
                                points.Add((time, value));
                            }
                        }
                    }
                }
            }

            foreach (var (time, value) in points)
            {
                var bucket = Math.Max(startSeconds, FloorDiv(time, period) * period);
                if (bucket < endSeconds)
                {
                    buckets[bucket] = Aggregate.Merge(buckets.GetValueOrDefault(bucket), value);
                }
            }
        }

        foreach (var (time, acc) in buckets)
        {
            if (acc.Count > 0)
            {
                result.Add(ToDatapoint(time, acc, query.Statistics, percentiles, unit));
            }
        }

        return result;
    }

    /// <summary>
    /// Series with data since <paramref name="activeSince"/> (default: the last two weeks), filtered like
    /// CloudWatch ListMetrics (a dimension filter needs the name, and the value when given), ordered by
    /// namespace, dimensions, then metric.
    /// </summary>
    public IReadOnlyList<MetricIdentity> ListMetrics(
        string? metricNamespace = null,
        string? metricName = null,
        IReadOnlyList<DimensionFilter>? dimensions = null,
        DateTimeOffset? activeSince = null)
    {
        var now = Time.GetUtcNow();
        var since = (activeSince ?? now - ListWindow).ToUnixTimeSeconds();
        var found = new Dictionary<SeriesKey, int>();
        lock (_gate)
        {
            foreach (var (key, state) in _series)
            {
                if (state.LastTime >= since - 59)
                {
                    found[key] = 0;
                }
            }

            foreach (var variant in _variants.Values)
            {
                if (variant.CollectLive().Any(m => m.Minute * 60 >= since - 59 && m.Invocations > 0))
                {
                    foreach (var name in SageMakerMetrics.MetricNames)
                    {
                        found[new SeriesKey(SageMakerMetrics.Namespace, name, SageMakerMetrics.DimensionsOf(variant.EndpointName, variant.VariantName))] = 0;
                    }
                }
            }
        }

        return [.. found.Keys
            .Where(k => (metricNamespace is null || k.Namespace == metricNamespace)
                && (metricName is null || k.MetricName == metricName)
                && MatchesFilters(k.Dimensions, dimensions))
            .OrderBy(k => k.Namespace, StringComparer.Ordinal)
            .ThenBy(k => string.Join('\n', k.Dimensions.Select(d => d.Name + "\n" + d.Value)), StringComparer.Ordinal)
            .ThenBy(k => SageMakerMetrics.TryParse(k.MetricName, out var m) ? (int)m : int.MaxValue)
            .ThenBy(k => k.MetricName, StringComparer.Ordinal)
            .Select(k => k.ToIdentity())];
    }

    /// <summary>
    /// The background tick: harvests minutes that have closed, samples CPU/memory, and when due flushes
    /// to the store and enforces retention and the size bound. Cheap when nothing is due.
    /// </summary>
    public void Maintain()
    {
        var now = Time.GetUtcNow();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            HarvestLocked(_clock.CurrentMinute());
            if (now - _lastSample >= Options.SampleInterval)
            {
                SampleLocked(now);
            }

            if (now - _lastFlush >= Options.FlushInterval)
            {
                FlushLocked(now);
                if (_store.Shared)
                {
                    RefreshSeriesLocked();
                }
            }

            if (now - _lastSweep >= TimeSpan.FromMinutes(1))
            {
                SweepLocked(now);
            }
        }
    }

    /// <summary>Writes everything pending now; with <paramref name="includeOpenMinute"/> also the minute still being recorded (shutdown).</summary>
    public void Flush(bool includeOpenMinute = false)
    {
        var now = Time.GetUtcNow();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            HarvestLocked(includeOpenMinute ? null : _clock.CurrentMinute());
            FlushLocked(now);
        }
    }

    /// <summary>Applies retention and the size bound now (normally once a minute from <see cref="Maintain"/>).</summary>
    public void EnforceRetention()
    {
        lock (_gate)
        {
            SweepLocked(Time.GetUtcNow());
        }
    }

    /// <summary>Samples process CPU and memory now and attributes them to the variants that served since the last sample.</summary>
    public void SampleInstanceMetrics()
    {
        lock (_gate)
        {
            SampleLocked(Time.GetUtcNow());
        }
    }

    public MetricsStorageInfo GetStorageInfo()
    {
        lock (_gate)
        {
            var points = new Dictionary<int, long>();
            foreach (var r in new[] { 1, 60, 300, 3600 })
            {
                points[r] = _store.CountPoints(r);
            }

            return new MetricsStorageInfo(_store.Path, _store.SizeBytes, Options.MaxStorageBytes, _pending.Count, _series.Count, points);
        }
    }

    /// <summary>Flushes everything, including the open minute, and closes the store.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            HarvestLocked(null);
            FlushLocked(Time.GetUtcNow());
            _disposed = true;
            _store.Dispose();
        }
    }

    internal static long UnixMinute(DateTimeOffset time) => FloorDiv(time.ToUnixTimeSeconds(), 60);

    private void HarvestLocked(long? beforeMinute)
    {
        foreach (var variant in _variants.Values)
        {
            var dims = SageMakerMetrics.DimensionsOf(variant.EndpointName, variant.VariantName);
            foreach (var minute in variant.Harvest(beforeMinute))
            {
                foreach (var (metric, value) in minute.Aggregates())
                {
                    Ingest(new SeriesKey(SageMakerMetrics.Namespace, SageMakerMetrics.NameOf(metric), dims), minute.Minute * 60, 60, value, SageMakerMetrics.UnitOf(metric));
                }
            }
        }
    }

    private void SampleLocked(DateTimeOffset now)
    {
        _lastSample = now;
        var time = now.ToUnixTimeSeconds();
        foreach (var (variant, cpu, memory) in _sampler.Sample(now, _variants.Values))
        {
            var dims = SageMakerMetrics.DimensionsOf(variant.EndpointName, variant.VariantName);
            Ingest(new SeriesKey(SageMakerMetrics.InstanceNamespace, SageMakerMetrics.CpuUtilization, dims), time, 60, Aggregate.FromValue(cpu), SageMakerMetrics.UnitPercent);
            Ingest(new SeriesKey(SageMakerMetrics.InstanceNamespace, SageMakerMetrics.MemoryUtilization, dims), time, 60, Aggregate.FromValue(memory), SageMakerMetrics.UnitPercent);
        }
    }

    // Adds one aggregate at its own resolution and to every coarser one: roll-ups grow as data arrives.
    private void Ingest(SeriesKey key, long unixSeconds, int resolution, Aggregate value, string unit)
    {
        if (value.Count <= 0)
        {
            return;
        }

        if (!_series.TryGetValue(key, out var state))
        {
            _series[key] = state = new SeriesState(unit);
        }

        state.Unit = unit;
        state.Dirty = true;
        state.LastTime = Math.Max(state.LastTime, unixSeconds);
        if (resolution == 1)
        {
            AddPending((key, 1, unixSeconds), value);
        }

        foreach (var r in RollupResolutions)
        {
            AddPending((key, r, FloorDiv(unixSeconds, r) * r), value);
        }
    }

    private void AddPending((SeriesKey, int, long) slot, Aggregate value) =>
        _pending[slot] = Aggregate.Merge(_pending.GetValueOrDefault(slot), value);

    private void FlushLocked(DateTimeOffset now)
    {
        _lastFlush = now;
        if (_pending.Count == 0)
        {
            return;
        }

        var points = new List<StoredPoint>(_pending.Count);
        var touched = new List<StoredSeries>();
        foreach (var (key, state) in _series)
        {
            if (!state.Dirty)
            {
                continue;
            }

            if (state.Id == 0)
            {
                state.Id = _store.AddSeries(key, state.Unit, state.LastTime);
            }

            touched.Add(new StoredSeries(state.Id, key, state.Unit, state.LastTime));
            state.Dirty = false;
        }

        foreach (var ((key, resolution, time), value) in _pending)
        {
            points.Add(new StoredPoint(_series[key].Id, resolution, time, value));
        }

        _store.Write(points, touched);
        _pending.Clear();
    }

    // Shared store: series other nodes created or wrote since we last looked, so ListMetrics sees them.
    private void RefreshSeriesLocked()
    {
        foreach (var stored in _store.LoadSeries())
        {
            AdoptLocked(stored);
        }
    }

    private SeriesState AdoptLocked(StoredSeries stored)
    {
        if (!_series.TryGetValue(stored.Key, out var state))
        {
            _series[stored.Key] = state = new SeriesState(stored.Unit);
        }

        if (state.Id == 0)
        {
            state.Id = stored.Id;
        }

        state.LastTime = Math.Max(state.LastTime, stored.LastTime);
        return state;
    }

    private void SweepLocked(DateTimeOffset now)
    {
        _lastSweep = now;
        var nowSeconds = now.ToUnixTimeSeconds();
        var deleted = 0;
        foreach (var r in new[] { 1, 60, 300, 3600 })
        {
            deleted += _store.DeleteBefore(r, nowSeconds - (long)Options.RetentionOf(r).TotalSeconds);
        }

        // Over the bound: drop the oldest quarter of the finest data that has any, until under it.
        for (var round = 0; round < 32 && _store.SizeBytes > Options.MaxStorageBytes; round++)
        {
            var trimmed = false;
            foreach (var r in new[] { 1, 60, 300, 3600 })
            {
                if (_store.OldestTime(r) is { } oldest)
                {
                    var cut = oldest + Math.Max(r, (nowSeconds - oldest) / 4);
                    deleted += _store.DeleteBefore(r, cut);
                    trimmed = true;
                    break;
                }
            }

            _store.ReleaseFreePages();
            if (!trimmed)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            _store.ReleaseFreePages();
        }
    }

    private List<(long Time, Aggregate Value)> ReadPoints(SeriesKey key, SeriesState? state, int resolution, long startSeconds, long endSeconds)
    {
        var from = FloorDiv(startSeconds, resolution) * resolution;
        var points = state is { Id: > 0 } ? _store.Read(state.Id, resolution, from, endSeconds) : [];
        foreach (var ((k, r, t), value) in _pending)
        {
            if (r == resolution && t >= from && t < endSeconds && k.Equals(key))
            {
                points.Add((t, value));
            }
        }

        return points;
    }

    // Among resolutions whose retention still covers the start, the coarsest that divides the period: its
    // roll-ups give the same answer from fewer rows, and stay whole when the size bound trimmed minutes.
    private int ChooseResolution(int period, long startSeconds)
    {
        if (period < 60)
        {
            return 1;
        }

        var age = Time.GetUtcNow().ToUnixTimeSeconds() - startSeconds;
        var covering = RollupResolutions.Where(r => age <= Options.RetentionOf(r).TotalSeconds).ToList();
        if (covering.Count == 0)
        {
            return RollupResolutions[^1];
        }

        foreach (var r in Enumerable.Reverse(covering))
        {
            if (period % r == 0)
            {
                return r;
            }
        }

        return covering[0];
    }

    private (VariantMetrics Variant, SageMakerMetric Metric)? LiveSource(SeriesKey key)
    {
        if (key.Namespace != SageMakerMetrics.Namespace || key.Dimensions.Count != 2
            || !SageMakerMetrics.TryParse(key.MetricName, out var metric)
            || key.Dimensions[0].Name != SageMakerMetrics.EndpointNameDimension
            || key.Dimensions[1].Name != SageMakerMetrics.VariantNameDimension
            || !_variants.TryGetValue((key.Dimensions[0].Value, key.Dimensions[1].Value), out var variant))
        {
            return null;
        }

        return (variant, metric);
    }

    private static MetricDatapoint ToDatapoint(long periodStart, Aggregate acc, MetricStatistics wanted, List<(string Name, double Percent)> percentiles, string unit)
    {
        Dictionary<string, double>? extended = null;
        if (percentiles.Count > 0)
        {
            extended = [];
            foreach (var (name, percent) in percentiles)
            {
                if (acc.Percentile(percent) is { } value)
                {
                    extended[name] = value;
                }
            }
        }

        return new MetricDatapoint(
            DateTimeOffset.FromUnixTimeSeconds(periodStart),
            wanted.HasFlag(MetricStatistics.SampleCount) ? acc.Count : null,
            wanted.HasFlag(MetricStatistics.Average) ? acc.Sum / acc.Count : null,
            wanted.HasFlag(MetricStatistics.Sum) ? acc.Sum : null,
            wanted.HasFlag(MetricStatistics.Minimum) ? acc.Min : null,
            wanted.HasFlag(MetricStatistics.Maximum) ? acc.Max : null,
            unit,
            extended);
    }

    private static bool MatchesFilters(IReadOnlyList<MetricDimension> dims, IReadOnlyList<DimensionFilter>? filters)
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

    private sealed class SeriesState(string unit)
    {
        public long Id { get; set; }
        public string Unit { get; set; } = unit;
        public long LastTime { get; set; } = long.MinValue;
        public bool Dirty { get; set; }
    }
}
