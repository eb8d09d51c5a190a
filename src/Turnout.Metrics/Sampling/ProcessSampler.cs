namespace Turnout.Metrics.Sampling;

/// <summary>
/// Turns process CPU and memory into SageMaker's per-variant instance gauges. Turnout serves every variant
/// from one process, so each variant is attributed the share of the process that matches its share of the
/// time spent serving (model plus overhead) since the previous sample. CPUUtilization follows SageMaker's
/// scale: 100 % per core, so 2 busy cores read 200 %.
/// </summary>
internal sealed class ProcessSampler(IProcessStats stats)
{
    private readonly Dictionary<VariantMetrics, long> _lastBusy = new(ReferenceEqualityComparer.Instance);
    private TimeSpan _lastCpu;
    private DateTimeOffset? _lastWall;

    public IProcessStats Stats { get; } = stats;

    /// <summary>Per variant that served anything since the last call: (CPU %, memory %). The first call only sets the baseline.</summary>
    public List<(VariantMetrics Variant, double Cpu, double Memory)> Sample(DateTimeOffset now, IEnumerable<VariantMetrics> variants)
    {
        var result = new List<(VariantMetrics, double, double)>();
        var cpu = Stats.CpuTime;
        var busy = new List<(VariantMetrics Variant, long Delta)>();
        long total = 0;
        foreach (var v in variants)
        {
            var current = v.SnapshotTotals().BusyMicros;
            var delta = current - _lastBusy.GetValueOrDefault(v);
            _lastBusy[v] = current;
            if (delta > 0)
            {
                busy.Add((v, delta));
                total += delta;
            }
        }

        var wall = _lastWall is { } last ? now - last : TimeSpan.Zero;
        var cpuDelta = cpu - _lastCpu;
        _lastCpu = cpu;
        _lastWall = now;
        if (wall <= TimeSpan.Zero || total == 0)
        {
            return result;
        }

        var cpuPercent = Math.Max(0, cpuDelta.TotalSeconds / wall.TotalSeconds * 100);
        var totalMemory = Stats.TotalMemoryBytes;
        var memoryPercent = totalMemory > 0 ? Math.Clamp(100.0 * Stats.WorkingSetBytes / totalMemory, 0, 100) : 0;
        foreach (var (variant, delta) in busy)
        {
            var share = (double)delta / total;
            result.Add((variant, cpuPercent * share, memoryPercent * share));
        }

        return result;
    }
}
