using Turnout.Metrics;

namespace Turnout.Tests.Metrics;

public sealed class VariantMetricsTests
{
    [Fact]
    public void RecordInvocation_WithinAMinute_AllocatesNothing()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
        // One stripe: with one per core, a thread that migrates mid-loop opens its new core's minute once (a
        // per-minute, per-core allocation, not a per-call one), which made this test fail on a loaded machine.
        var v = new MetricsHub(clock, new MetricsOptions { Stripes = 1 }).GetVariant("ep", "v1");
        v.RecordInvocation(InvocationOutcome.Success, 1, 1, 1); // opens the minute's bucket

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            v.RecordInvocation((InvocationOutcome)(i % 3), i, i, 1 + (i % 4));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_001, v.TotalInvocations);
    }

    [Fact]
    public void RecordInvocation_NegativeLatencyAndZeroInstances_Clamped()
    {
        var t0 = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var hub = new MetricsHub(new ManualTimeProvider(t0));
        hub.GetVariant("ep", "v1").RecordInvocation(InvocationOutcome.Success, -5, -1, 0);

        MetricDimension[] dims = [new("EndpointName", "ep"), new("VariantName", "v1")];
        var latency = Assert.Single(hub.GetStatistics(new("AWS/SageMaker", "ModelLatency", dims, t0, t0.AddMinutes(1), 60, MetricStatistics.Minimum)));
        var perInstance = Assert.Single(hub.GetStatistics(new("AWS/SageMaker", "InvocationsPerInstance", dims, t0, t0.AddMinutes(1), 60, MetricStatistics.Sum)));
        Assert.Equal(0, latency.Minimum);
        Assert.Equal(1, perInstance.Sum);
    }
}
