using Turnout.Metrics;

namespace Turnout.Tests.Metrics;

public sealed class MetricsPersistenceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly MetricDimension[] Dims = [new("EndpointName", "ep"), new("VariantName", "v1")];
    private const MetricStatistics All = MetricStatistics.SampleCount | MetricStatistics.Sum | MetricStatistics.Minimum | MetricStatistics.Maximum;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "turnout-metrics-tests", Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _clock = new(T0);

    private string DbPath => Path.Combine(_dir, "metrics.db");

    [Fact]
    public void Dispose_ThenReopen_RecordedAndPutDataSurviveExactly()
    {
        var latencies = HistogramTests.Sample("lognormal", 5_000).Select(v => (long)v).ToArray();
        IReadOnlyList<MetricDatapoint> before;
        using (var hub = new MetricsHub(_clock, new MetricsOptions { DatabasePath = DbPath }))
        {
            var v = hub.GetVariant("ep", "v1");
            for (var i = 0; i < latencies.Length; i++)
            {
                if (i == 2_500)
                {
                    _clock.Advance(TimeSpan.FromMinutes(1));
                    hub.Maintain();
                }

                v.RecordInvocation(i % 50 == 0 ? InvocationOutcome.ServerError : InvocationOutcome.Success, latencies[i], 7, 2);
            }

            hub.Put([new MetricDatum("Shop", "Orders", [new("Variant", "v1")], T0.AddSeconds(30), Aggregate.FromValue(3), "Count")]);
            before = Latency(hub);

            // Dispose flushes the open minute too: nothing is left only in memory.
        }

        using var reopened = new MetricsHub(_clock, new MetricsOptions { DatabasePath = DbPath });
        var after = Latency(reopened);
        Assert.Equal(before, after, DatapointComparer.Instance);
        Assert.Equal(latencies.Length, after.Sum(p => p.SampleCount!.Value));
        Assert.Equal(latencies.Sum(), after.Sum(p => p.Sum!.Value));
        Assert.Equal(latencies.Length / 50, Query(reopened, "Invocation5XXErrors").Sum(p => p.Sum!.Value));
        Assert.Equal(latencies.Length / 2.0, Query(reopened, "InvocationsPerInstance").Sum(p => p.Sum!.Value));
        var orders = reopened.GetStatistics(new("Shop", "Orders", [new("Variant", "v1")], T0, T0.AddHours(1), 60, MetricStatistics.Sum));
        Assert.Equal(3, Assert.Single(orders).Sum);
        Assert.Contains(reopened.ListMetrics(), m => m.Namespace == "Shop" && m.MetricName == "Orders");
        Assert.Equal(8, reopened.ListMetrics().Count); // the 7 per-variant series and Orders
    }

    [Fact]
    public void Flush_TwoHoursOfMinutes_RollupsEqualMinuteSums()
    {
        // No CPU/memory sampling here: only the seven per-variant series are counted below.
        using var hub = new MetricsHub(_clock, new MetricsOptions { DatabasePath = DbPath, SampleInterval = TimeSpan.FromDays(1) });
        var v = hub.GetVariant("ep", "v1");
        var random = new Random(7);
        for (var minute = 0; minute < 120; minute++)
        {
            for (var i = 0; i < 1 + (minute % 5); i++)
            {
                v.RecordInvocation(InvocationOutcome.Success, random.Next(100, 5_000), 10, 1);
            }

            _clock.Advance(TimeSpan.FromMinutes(1));
            hub.Maintain();
        }

        hub.Flush();
        var end = T0.AddHours(2);
        var minutes = hub.GetStatistics(new("AWS/SageMaker", "ModelLatency", Dims, T0, end, 60, All, ExtendedStatistics: null));
        foreach (var period in new[] { 300, 3600 })
        {
            var rolled = hub.GetStatistics(new("AWS/SageMaker", "ModelLatency", Dims, T0, end, period, All));
            Assert.Equal(120 / (period / 60), rolled.Count);
            Assert.Equal(minutes.Sum(p => p.Sum!.Value), rolled.Sum(p => p.Sum!.Value));
            Assert.Equal(minutes.Sum(p => p.SampleCount!.Value), rolled.Sum(p => p.SampleCount!.Value));
            Assert.Equal(minutes.Min(p => p.Minimum!.Value), rolled.Min(p => p.Minimum!.Value));
            Assert.Equal(minutes.Max(p => p.Maximum!.Value), rolled.Max(p => p.Maximum!.Value));
        }

        var info = hub.GetStorageInfo();
        Assert.Equal(7 * 120, info.PointsByResolution[60]);
        Assert.Equal(7 * 24, info.PointsByResolution[300]);
        Assert.Equal(7 * 2, info.PointsByResolution[3600]);
    }

    [Fact]
    public void EnforceRetention_OverSizeBound_TrimsOldestMinutesFirst()
    {
        long fullSize;
        using (var writer = new MetricsHub(_clock, new MetricsOptions { DatabasePath = DbPath }))
        {
            var random = new Random(3);
            for (var minute = 0; minute < 24 * 60; minute++)
            {
                var values = Enumerable.Range(0, 40).Select(_ => (double)random.Next(1, 1_000_000)).ToArray();
                writer.Put([new MetricDatum("Load", "Latency", [], T0.AddMinutes(minute), new Aggregate(values.Length, values.Sum(), values.Min(), values.Max(),
                    Turnout.Metrics.Histograms.Histogram.FromValues(values.Select(x => (x, 1.0)))), "Microseconds")]);
            }

        }

        using (var probe = new MetricsHub(_clock, new MetricsOptions { DatabasePath = DbPath }))
        {
            // Measured after a close, so the WAL has been folded into the database file.
            fullSize = probe.GetStorageInfo().SizeBytes;
        }

        // Reopened with a bound 20 % below what is stored: the oldest one-minute rows give way first.
        _clock.Set(T0.AddDays(1));
        using var hub = new MetricsHub(_clock, new MetricsOptions { DatabasePath = DbPath, MaxStorageBytes = fullSize * 4 / 5 });
        hub.EnforceRetention();

        var info = hub.GetStorageInfo();
        Assert.True(info.SizeBytes <= info.MaxBytes, $"{info.SizeBytes} > {info.MaxBytes}");
        Assert.InRange(info.PointsByResolution[60], 1, (24 * 60) - 1);
        var first = hub.GetStatistics(new("Load", "Latency", [], T0.AddHours(18), T0.AddDays(1), 60, MetricStatistics.SampleCount))[0];
        Assert.Equal(T0.AddHours(18), first.Timestamp);
        var hourly = hub.GetStatistics(new("Load", "Latency", [], T0, T0.AddDays(1), 3600, MetricStatistics.SampleCount));
        Assert.Equal(24 * 60 * 40, hourly.Sum(p => p.SampleCount!.Value));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static IReadOnlyList<MetricDatapoint> Latency(MetricsHub hub) =>
        hub.GetStatistics(new("AWS/SageMaker", "ModelLatency", Dims, T0, T0.AddHours(1), 60, All, ExtendedStatistics: ["p50", "p99", "p99.9"]));

    private static IReadOnlyList<MetricDatapoint> Query(MetricsHub hub, string metric) =>
        hub.GetStatistics(new("AWS/SageMaker", metric, Dims, T0, T0.AddHours(1), 60, MetricStatistics.Sum));

    private sealed class DatapointComparer : IEqualityComparer<MetricDatapoint>
    {
        public static readonly DatapointComparer Instance = new();

        public bool Equals(MetricDatapoint? x, MetricDatapoint? y) =>
            x is not null && y is not null && x with { ExtendedStatistics = null } == y with { ExtendedStatistics = null }
            && x.ExtendedStatistics!.OrderBy(e => e.Key).SequenceEqual(y.ExtendedStatistics!.OrderBy(e => e.Key));

        public int GetHashCode(MetricDatapoint obj) => obj.Timestamp.GetHashCode();
    }
}
