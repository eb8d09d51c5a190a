using Turnout.Metrics;

namespace Turnout.Tests.Metrics;

public sealed class MetricsHubTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private const MetricStatistics All = MetricStatistics.SampleCount | MetricStatistics.Average | MetricStatistics.Sum
        | MetricStatistics.Minimum | MetricStatistics.Maximum;

    private readonly ManualTimeProvider _clock = new(T0);
    private readonly MetricsHub _hub;

    public MetricsHubTests()
    {
        _hub = new MetricsHub(_clock);
    }

    [Fact]
    public void GetVariant_SameNames_ReturnsSameInstance()
    {
        Assert.Same(_hub.GetVariant("ep", "v1"), _hub.GetVariant("ep", "v1"));
        Assert.NotSame(_hub.GetVariant("ep", "v1"), _hub.GetVariant("ep", "v2"));
    }

    [Fact]
    public void GetStatistics_InvocationsInOneMinute_ExactSumAndCount()
    {
        var v = _hub.GetVariant("ep", "v1");
        for (var i = 0; i < 5; i++)
        {
            v.RecordInvocation(InvocationOutcome.Success, 10, 1, 1);
        }

        var point = Assert.Single(Query("Invocations", T0.AddMinutes(-5), T0.AddMinutes(5), 60));
        Assert.Equal(T0, point.Timestamp);
        Assert.Equal(5, point.Sum);
        Assert.Equal(5, point.SampleCount);
        Assert.Equal(1, point.Average);
        Assert.Equal("None", point.Unit);
    }

    [Fact]
    public void GetStatistics_ErrorMetrics_AverageIsErrorRate()
    {
        var v = _hub.GetVariant("ep", "v1");
        v.RecordInvocation(InvocationOutcome.ClientError, 1, 1, 1);
        v.RecordInvocation(InvocationOutcome.ServerError, 1, 1, 1);
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);

        var e4 = Assert.Single(Query("Invocation4XXErrors", T0, T0.AddMinutes(1), 60));
        Assert.Equal((1.0, 4.0, 0.25, 0.0, 1.0), (e4.Sum!.Value, e4.SampleCount!.Value, e4.Average!.Value, e4.Minimum!.Value, e4.Maximum!.Value));
        var e5 = Assert.Single(Query("Invocation5XXErrors", T0, T0.AddMinutes(1), 60));
        Assert.Equal(1, e5.Sum);
        Assert.Equal((4L, 1L, 1L), (v.TotalInvocations, v.Total4xxErrors, v.Total5xxErrors));
    }

    [Fact]
    public void GetStatistics_InvocationsPerInstance_SumsReciprocals()
    {
        var v = _hub.GetVariant("ep", "v1");
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 4);
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 4);
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 2);

        var p = Assert.Single(Query("InvocationsPerInstance", T0, T0.AddMinutes(1), 60));
        Assert.Equal(1.0, p.Sum);
        Assert.Equal(0.25, p.Minimum);
        Assert.Equal(0.5, p.Maximum);
    }

    [Fact]
    public void GetStatistics_Latency_CountSumMinMaxInMicroseconds()
    {
        var v = _hub.GetVariant("ep", "v1");
        v.RecordInvocation(InvocationOutcome.Success, 300, 7, 1);
        v.RecordInvocation(InvocationOutcome.Success, 100, 9, 1);
        _clock.Advance(TimeSpan.FromMinutes(1));
        v.RecordInvocation(InvocationOutcome.Success, 200, 8, 1);

        var p = Assert.Single(Query("ModelLatency", T0, T0.AddMinutes(5), 300));
        Assert.Equal((3.0, 600.0, 100.0, 300.0, 200.0), (p.SampleCount!.Value, p.Sum!.Value, p.Minimum!.Value, p.Maximum!.Value, p.Average!.Value));
        Assert.Equal("Microseconds", p.Unit);
        var o = Assert.Single(Query("OverheadLatency", T0, T0.AddMinutes(5), 300));
        Assert.Equal(24, o.Sum);
    }

    [Fact]
    public void GetStatistics_SamplesEitherSideOfPeriodBoundary_LandInSeparateBuckets()
    {
        var v = _hub.GetVariant("ep", "v1");
        _clock.Set(T0.AddMinutes(4).AddSeconds(59.999));
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _clock.Set(T0.AddMinutes(5));
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);

        var points = Query("Invocations", T0, T0.AddMinutes(10), 300);
        Assert.Equal([(T0, 1.0), (T0.AddMinutes(5), 2.0)], points.Select(p => (p.Timestamp, p.Sum!.Value)));
    }

    [Fact]
    public void GetStatistics_EndIsExclusiveAndStartRoundsDown()
    {
        var v = _hub.GetVariant("ep", "v1");
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _clock.Advance(TimeSpan.FromMinutes(1));
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);

        Assert.Single(Query("Invocations", T0.AddSeconds(30), T0.AddMinutes(1), 60));
        Assert.Equal(2, Query("Invocations", T0.AddSeconds(30), T0.AddMinutes(1).AddSeconds(1), 60).Count);
        Assert.Empty(Query("Invocations", T0.AddMinutes(-10), T0, 60));
    }

    [Fact]
    public void GetStatistics_OpenMinute_VisibleImmediately()
    {
        _clock.Set(T0.AddSeconds(30));
        _hub.GetVariant("ep", "v1").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);

        Assert.Equal(1, Assert.Single(Query("Invocations", T0.AddHours(-1), _clock.GetUtcNow(), 60)).Sum);
    }

    [Fact]
    public void GetStatistics_DimensionsMustMatchExactly()
    {
        _hub.GetVariant("ep", "v1").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        var start = T0;
        var end = T0.AddMinutes(1);

        Assert.Single(_hub.GetStatistics(new("AWS/SageMaker", "Invocations", [new("VariantName", "v1"), new("EndpointName", "ep")], start, end, 60, All)));
        Assert.Empty(_hub.GetStatistics(new("AWS/SageMaker", "Invocations", [new("EndpointName", "ep")], start, end, 60, All)));
        Assert.Empty(_hub.GetStatistics(new("AWS/SageMaker", "Invocations", [new("EndpointName", "ep"), new("VariantName", "v2")], start, end, 60, All)));
        Assert.Empty(_hub.GetStatistics(new("AWS/SageMaker", "Invocations",
            [new("EndpointName", "ep"), new("VariantName", "v1"), new("Host", "x")], start, end, 60, All)));
        Assert.Empty(_hub.GetStatistics(new("AWS/EC2", "Invocations", [new("EndpointName", "ep"), new("VariantName", "v1")], start, end, 60, All)));
    }

    [Fact]
    public void GetStatistics_UnitFilter_MismatchReturnsNothing()
    {
        _hub.GetVariant("ep", "v1").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);

        Assert.Empty(Query("ModelLatency", T0, T0.AddMinutes(1), 60, unit: "Milliseconds"));
        Assert.Single(Query("ModelLatency", T0, T0.AddMinutes(1), 60, unit: "Microseconds"));
    }

    [Fact]
    public void GetStatistics_OnlyRequestedStatistics_AreSet()
    {
        _hub.GetVariant("ep", "v1").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);

        var p = Assert.Single(_hub.GetStatistics(new("AWS/SageMaker", "Invocations", Dims("v1"), T0, T0.AddMinutes(1), 60, MetricStatistics.Sum)));
        Assert.Equal((1.0, (double?)null, (double?)null, (double?)null, (double?)null), (p.Sum!.Value, p.SampleCount, p.Average, p.Minimum, p.Maximum));
    }

    [Fact]
    public void EnforceRetention_PastOneMinuteRetention_DeletesMinutesKeepsRollups()
    {
        var hub = new MetricsHub(_clock, TimeSpan.FromMinutes(10));
        var v = hub.GetVariant("ep", "v1");
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _clock.Advance(TimeSpan.FromMinutes(5));
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _clock.Advance(TimeSpan.FromMinutes(6));
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        hub.Flush();
        hub.EnforceRetention();

        // Within the 10-minute window only minutes remain; past it, the 5-minute roll-up answers.
        var recent = hub.GetStatistics(new("AWS/SageMaker", "Invocations", Dims("v1"), T0.AddMinutes(4), T0.AddHours(1), 60, MetricStatistics.Sum));
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(11)], recent.Select(p => p.Timestamp));
        Assert.Equal(7, hub.GetStorageInfo().PointsByResolution[60]); // 10:05, once per metric
        var old = hub.GetStatistics(new("AWS/SageMaker", "Invocations", Dims("v1"), T0, T0.AddHours(1), 300, MetricStatistics.Sum));
        Assert.Equal([T0, T0.AddMinutes(5), T0.AddMinutes(10)], old.Select(p => p.Timestamp));
        Assert.Equal(3, old.Sum(p => p.Sum!.Value));
    }

    [Fact]
    public async Task RecordInvocation_ConcurrentWritersAcrossMinuteRoll_CountsEveryInvocation()
    {
        var v = _hub.GetVariant("ep", "v1");
        const int PerThread = 20_000;
        var writers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                if (t == 0 && i % 5_000 == 0)
                {
                    _clock.Advance(TimeSpan.FromSeconds(30));
                }

                v.RecordInvocation(i % 10 == 0 ? InvocationOutcome.ServerError : InvocationOutcome.Success, i % 100, 1, 1);
            }
        })).ToArray();
        await Task.WhenAll(writers);

        var points = Query("Invocations", T0.AddHours(-1), T0.AddHours(1), 60);
        Assert.Equal(4 * PerThread, points.Sum(p => p.Sum!.Value));
        Assert.Equal(4 * PerThread, v.TotalInvocations);
        Assert.Equal(4 * PerThread / 10, Query("Invocation5XXErrors", T0.AddHours(-1), T0.AddHours(1), 60).Sum(p => p.Sum!.Value));
        Assert.Equal(4 * PerThread, Query("ModelLatency", T0.AddHours(-1), T0.AddHours(1), 60).Sum(p => p.SampleCount!.Value));
    }

    [Fact]
    public async Task RecordInvocation_WritersRacingHarvestAndFlush_CountsAndSumsExact()
    {
        var v = _hub.GetVariant("ep", "v1");
        const int PerThread = 50_000;
        using var stop = new CancellationTokenSource();
        var harvester = Task.Run(() =>
        {
            // Closes minutes while writers are inside them: sealing must wait for them, never drop a sample.
            while (!stop.IsCancellationRequested)
            {
                _clock.Advance(TimeSpan.FromSeconds(7));
                _hub.Maintain();
                _hub.Flush();
            }
        });
        var writers = Enumerable.Range(0, 3).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                v.RecordInvocation(i % 4 == 0 ? InvocationOutcome.ClientError : InvocationOutcome.Success, i % 1000, 3, 1 + (i % 3));
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await harvester;
        _hub.Flush(includeOpenMinute: true);

        var end = _clock.GetUtcNow().AddHours(1);
        var latency = Query("ModelLatency", T0.AddHours(-1), end, 3600);
        Assert.Equal(3 * PerThread, latency.Sum(p => p.SampleCount!.Value));
        Assert.Equal(3 * Enumerable.Range(0, PerThread).Sum(i => (double)(i % 1000)), latency.Sum(p => p.Sum!.Value));
        Assert.Equal(3 * PerThread / 4, Query("Invocation4XXErrors", T0.AddHours(-1), end, 60).Sum(p => p.Sum!.Value));
        Assert.Equal(3 * PerThread, v.TotalInvocations);
        var perInstance = Enumerable.Range(0, PerThread).Sum(i => 1.0 / (1 + (i % 3))) * 3;
        Assert.Equal(perInstance, Query("InvocationsPerInstance", T0.AddHours(-1), end, 60).Sum(p => p.Sum!.Value), 6);
    }

    [Fact]
    public void GetStatistics_ExtendedStatistics_PercentilesWithinOnePercent()
    {
        var v = _hub.GetVariant("ep", "v1");
        for (var i = 1; i <= 10_000; i++)
        {
            v.RecordInvocation(InvocationOutcome.Success, i, 1, 1);
        }

        var p = Assert.Single(_hub.GetStatistics(new("AWS/SageMaker", "ModelLatency", Dims("v1"), T0, T0.AddHours(1), 60,
            MetricStatistics.None, ExtendedStatistics: ["p50", "p90", "p99", "p99.9", "p99.99"])));
        foreach (var (name, exact) in new[] { ("p50", 5000.0), ("p90", 9000.0), ("p99", 9900.0), ("p99.9", 9990.0), ("p99.99", 9999.0) })
        {
            Assert.InRange(p.ExtendedStatistics![name], exact * 0.99, exact * 1.01);
        }

        Assert.Null(p.Sum);
    }

    [Fact]
    public void Put_StatisticSetsValuesAndHighResolution_ExactAndSeparatelyQueryable()
    {
        _hub.Put([
            new MetricDatum("Shop", "Orders", [new("Variant", "A")], T0.AddSeconds(1), Aggregate.FromValue(2), "Count", 1),
            new MetricDatum("Shop", "Orders", [new("Variant", "A")], T0.AddSeconds(1), Aggregate.FromValue(3), "Count", 1),
            new MetricDatum("Shop", "Orders", [new("Variant", "A")], T0.AddSeconds(4), new Aggregate(4, 10, 1, 4, null), "Count", 1),
        ]);

        var perSecond = _hub.GetStatistics(new("Shop", "Orders", [new("Variant", "A")], T0, T0.AddMinutes(1), 1, MetricStatistics.Sum | MetricStatistics.SampleCount));
        Assert.Equal([(T0.AddSeconds(1), 5.0, 2.0), (T0.AddSeconds(4), 10.0, 4.0)], perSecond.Select(p => (p.Timestamp, p.Sum!.Value, p.SampleCount!.Value)));
        var perMinute = Assert.Single(_hub.GetStatistics(new("Shop", "Orders", [new("Variant", "A")], T0, T0.AddMinutes(1), 60, MetricStatistics.Sum, "Count")));
        Assert.Equal(15, perMinute.Sum);
        Assert.Empty(_hub.GetStatistics(new("Shop", "Orders", [new("Variant", "B")], T0, T0.AddMinutes(1), 60, MetricStatistics.Sum)));
    }

    [Fact]
    public void ListMetrics_Filters_ByNamespaceNameAndDimensions()
    {
        _hub.GetVariant("ep", "v1").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _hub.GetVariant("ep", "v2").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _hub.GetVariant("other", "v1").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _hub.GetVariant("idle", "v1");

        Assert.Equal(21, _hub.ListMetrics().Count);
        Assert.Equal(21, _hub.ListMetrics("AWS/SageMaker").Count);
        Assert.Empty(_hub.ListMetrics("AWS/EC2"));
        Assert.Equal(3, _hub.ListMetrics(metricName: "ModelLatency").Count);
        Assert.Equal(14, _hub.ListMetrics(dimensions: [new("EndpointName", "ep")]).Count);
        Assert.Equal(21, _hub.ListMetrics(dimensions: [new("VariantName", null)]).Count);
        var one = Assert.Single(_hub.ListMetrics("AWS/SageMaker", "Invocations", [new("EndpointName", "ep"), new("VariantName", "v2")]));
        Assert.Equal([new MetricDimension("EndpointName", "ep"), new MetricDimension("VariantName", "v2")], one.Dimensions);
        Assert.Empty(_hub.ListMetrics(dimensions: [new("Host", null)]));
    }

    [Fact]
    public void ListMetrics_ActiveSince_ExcludesQuietVariants()
    {
        _hub.GetVariant("ep", "old").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);
        _clock.Advance(TimeSpan.FromHours(4));
        _hub.GetVariant("ep", "new").RecordInvocation(InvocationOutcome.Success, 1, 1, 1);

        var recent = _hub.ListMetrics(activeSince: _clock.GetUtcNow().AddHours(-3));
        Assert.All(recent, m => Assert.Contains(new MetricDimension("VariantName", "new"), m.Dimensions));
        Assert.Equal(14, _hub.ListMetrics().Count);
    }

    private static MetricDimension[] Dims(string variant) => [new("EndpointName", "ep"), new("VariantName", variant)];

    private IReadOnlyList<MetricDatapoint> Query(string metric, DateTimeOffset start, DateTimeOffset end, int period, string? unit = null) =>
        _hub.GetStatistics(new("AWS/SageMaker", metric, Dims("v1"), start, end, period, All, unit));
}
