using Turnout.Metrics;
using Turnout.Metrics.Sampling;

namespace Turnout.Tests.Metrics;

public sealed class InstanceMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SampleInstanceMetrics_TwoVariantsThreeToOne_CpuAndMemorySplitByServingTime()
    {
        var clock = new ManualTimeProvider(T0);
        var stats = new FakeStats { TotalMemoryBytes = 1000, WorkingSetBytes = 500 };
        using var hub = new MetricsHub(clock, new MetricsOptions(), stats);
        var a = hub.GetVariant("ep", "A");
        var b = hub.GetVariant("ep", "B");
        hub.SampleInstanceMetrics(); // baseline

        a.RecordInvocation(InvocationOutcome.Success, 2_900, 100, 1); // 3 ms
        b.RecordInvocation(InvocationOutcome.Success, 900, 100, 1);   // 1 ms
        stats.CpuTime += TimeSpan.FromSeconds(2);
        clock.Advance(TimeSpan.FromSeconds(10));
        hub.SampleInstanceMetrics();

        // 2 s of CPU in 10 s is 20 % (SageMaker's scale: 100 % per core), split 3:1; memory 50 % likewise.
        Assert.Equal(15, Average(hub, "CPUUtilization", "A"), 9);
        Assert.Equal(5, Average(hub, "CPUUtilization", "B"), 9);
        Assert.Equal(37.5, Average(hub, "MemoryUtilization", "A"), 9);
        Assert.Equal(12.5, Average(hub, "MemoryUtilization", "B"), 9);
        var listed = hub.ListMetrics(SageMakerMetrics.InstanceNamespace);
        Assert.Equal(4, listed.Count);
        Assert.All(listed, m => Assert.Equal(["EndpointName", "VariantName"], m.Dimensions.Select(d => d.Name)));
    }

    [Fact]
    public void SampleInstanceMetrics_NoTraffic_RecordsNothing()
    {
        var clock = new ManualTimeProvider(T0);
        using var hub = new MetricsHub(clock, new MetricsOptions(), new FakeStats { TotalMemoryBytes = 1 });
        hub.GetVariant("ep", "A");
        hub.SampleInstanceMetrics();
        clock.Advance(TimeSpan.FromSeconds(10));
        hub.SampleInstanceMetrics();
        Assert.Empty(hub.ListMetrics(SageMakerMetrics.InstanceNamespace));
    }

    private static double Average(MetricsHub hub, string metric, string variant)
    {
        var point = Assert.Single(hub.GetStatistics(new(SageMakerMetrics.InstanceNamespace, metric,
            [new("EndpointName", "ep"), new("VariantName", variant)], T0, T0.AddHours(1), 60, MetricStatistics.Average, "Percent")));
        return point.Average!.Value;
    }

    private sealed class FakeStats : IProcessStats
    {
        public TimeSpan CpuTime { get; set; }
        public long WorkingSetBytes { get; set; }
        public long TotalMemoryBytes { get; set; }
    }
}
