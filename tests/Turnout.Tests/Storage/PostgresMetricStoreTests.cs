using Turnout.Metrics;
using Turnout.Storage.Postgres;
using Turnout.Tests.Support;

namespace Turnout.Tests.Storage;

/// <summary>
/// Metric roll-ups of several nodes in one PostgreSQL database answer exactly what one node that saw all
/// the data answers: counts and sums add, min/max combine, percentiles come from merged histograms.
/// </summary>
public sealed class PostgresMetricStoreTests : IDisposable
{
    private static readonly MetricDimension[] Dims = [new("EndpointName", "ep"), new("VariantName", "v1")];
    private static readonly string[] Percentiles = ["p10", "p50", "p90", "p99", "p99.9"];
    private readonly PostgresServer _server = PostgresServer.Shared;
    private readonly string _database;
    private readonly List<IDisposable> _owned = [];

    public PostgresMetricStoreTests() => _database = _server.CreateDatabase("metrics");

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_owned))
        {
            d.Dispose();
        }
    }

    private MetricsHub Node(string id, TimeSpan? flushInterval = null)
    {
        var store = new PostgresControlPlaneStore(_server.Url(_database), id);
        var hub = new MetricsHub(TimeProvider.System, new MetricsOptions { Store = store.MetricStore(), FlushInterval = flushInterval ?? TimeSpan.FromSeconds(10) });
        _owned.Add(store);
        _owned.Add(hub);
        return hub;
    }

    private MetricsHub Reference()
    {
        var hub = new MetricsHub(TimeProvider.System);
        _owned.Add(hub);
        return hub;
    }

    [Fact]
    public void TwoNodes_MergeExactly_LikeOneNodeWithAllData()
    {
        var a = Node("a");
        var b = Node("b");
        var reference = Reference();
        var minute = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds() / 60 * 60);
        var random = new Random(20261122);

        // Whole-number latencies so sums are exact in any order; spread over three minutes and both nodes.
        for (var i = 0; i < 3000; i++)
        {
            var value = random.Next(1, 200_000);
            var at = minute.AddSeconds(random.Next(0, 180));
            var datum = new MetricDatum("Custom/Test", "Latency", Dims, at, Aggregate.FromValue(value), "Microseconds");
            (i % 3 == 0 ? b : a).Put([datum]);
            reference.Put([datum]);
            if (i == 1500)
            {
                // A second flush merges into the rows the first one wrote (partial minutes add up).
                a.Flush();
                b.Flush();
            }
        }

        a.Flush();
        b.Flush();

        // A third node that recorded nothing itself finds the series other nodes created.
        var c = Node("c");
        foreach (var period in new[] { 60, 300, 3600 })
        {
            var query = new MetricStatisticsQuery("Custom/Test", "Latency", Dims, minute.AddHours(-1), minute.AddHours(1), period, MetricStatistics.SampleCount | MetricStatistics.Sum | MetricStatistics.Minimum | MetricStatistics.Maximum | MetricStatistics.Average, ExtendedStatistics: Percentiles);
            var expected = reference.GetStatistics(query);
            Assert.NotEmpty(expected);
            foreach (var node in new[] { a, b, c })
            {
                var actual = node.GetStatistics(query);
                Assert.Equal(expected.Count, actual.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
                    Assert.Equal(expected[i].SampleCount, actual[i].SampleCount);
                    Assert.Equal(expected[i].Sum, actual[i].Sum);
                    Assert.Equal(expected[i].Minimum, actual[i].Minimum);
                    Assert.Equal(expected[i].Maximum, actual[i].Maximum);
                    Assert.Equal(expected[i].ExtendedStatistics, actual[i].ExtendedStatistics);
                }
            }
        }

        Assert.Equal(3000, c.GetStatistics(new MetricStatisticsQuery("Custom/Test", "Latency", Dims, minute.AddHours(-1), minute.AddHours(1), 3600, MetricStatistics.SampleCount)).Sum(p => p.SampleCount));
    }

    [Fact]
    public void ListMetrics_SeesSeriesOfOtherNodes_AfterMaintain()
    {
        var a = Node("a");
        var b = Node("b", TimeSpan.FromMilliseconds(50));
        a.Put([new MetricDatum("Custom/Test", "OnlyOnA", Dims, DateTimeOffset.UtcNow.AddMinutes(-5), Aggregate.FromValue(1), "Count")]);
        a.Flush();
        Assert.DoesNotContain(b.ListMetrics("Custom/Test"), m => m.MetricName == "OnlyOnA");

        // Maintain refreshes the shared series list once per flush interval (50 ms here).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!b.ListMetrics("Custom/Test").Any(m => m.MetricName == "OnlyOnA"))
        {
            Assert.True(DateTime.UtcNow < deadline, "b never listed a's series");
            b.Maintain();
            Thread.Sleep(100);
        }
    }

    [Fact]
    public void Retention_DeletesEveryNodesOldRows()
    {
        var a = Node("a");
        var b = Node("b");
        var old = DateTimeOffset.UtcNow.AddDays(-20);
        a.Put([new MetricDatum("Custom/Test", "Old", Dims, old, Aggregate.FromValue(1), "Count")]);
        b.Put([new MetricDatum("Custom/Test", "Old", Dims, old, Aggregate.FromValue(2), "Count")]);
        a.Flush();
        b.Flush();
        Assert.Equal(2L, _server.Scalar(_database, "SELECT count(*) FROM metric_points WHERE res = 60"));
        a.EnforceRetention();
        Assert.Equal(0L, _server.Scalar(_database, "SELECT count(*) FROM metric_points WHERE res = 60"));
        Assert.Equal(1L, a.GetStorageInfo().PointsByResolution[3600]);
    }
}
