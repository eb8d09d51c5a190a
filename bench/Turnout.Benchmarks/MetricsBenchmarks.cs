using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Turnout.Metrics;

namespace Turnout.Benchmarks;

/// <summary>
/// What metrics recording adds to one invocation. The baseline is the timing bookkeeping the runtime
/// does anyway (three timestamps and the microsecond conversions); the second benchmark adds
/// <see cref="VariantMetrics.RecordInvocation(InvocationOutcome, long, long, long, int, long)"/> with the
/// timestamp the runtime already has, so the difference of the two is the recording cost. RecordOnly and
/// RecordReadingClock isolate the recording with and without a clock read. Allocated must read 0 B.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private static readonly double TicksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;

    private MetricsHub _hub = null!;
    private VariantMetrics _variant = null!;
    private int _i;
    private long _timestamp;

    [GlobalSetup]
    public void Setup()
    {
        _hub = new MetricsHub(TimeProvider.System);
        _variant = _hub.GetVariant("ep", "Variant1");
        _timestamp = Stopwatch.GetTimestamp();
    }

    [GlobalCleanup]
    public void Cleanup() => _hub.Dispose();

    [Benchmark(Baseline = true)]
    public long InvocationTimingOnly()
    {
        var (model, overhead, _) = Timings();
        return model + overhead;
    }

    [Benchmark]
    public long InvocationTimingAndRecording()
    {
        var (model, overhead, finished) = Timings();
        var outcome = (++_i & 63) == 0 ? InvocationOutcome.ClientError : InvocationOutcome.Success;
        _variant.RecordInvocation(outcome, model, overhead, 0, 2, finished);
        return model + overhead;
    }

    [Benchmark]
    public void RecordOnly() => _variant.RecordInvocation(InvocationOutcome.Success, 850 + (++_i & 255), 40, 0, 2, _timestamp);

    [Benchmark]
    public void RecordReadingClock() => _variant.RecordInvocation(InvocationOutcome.Success, 850 + (++_i & 255), 40, 0, 2);

    private static (long Model, long Overhead, long Finished) Timings()
    {
        var started = Stopwatch.GetTimestamp();
        var modelStarted = Stopwatch.GetTimestamp();
        var finished = Stopwatch.GetTimestamp();
        return ((long)((finished - modelStarted) / TicksPerMicrosecond), (long)((modelStarted - started) / TicksPerMicrosecond), finished);
    }
}
