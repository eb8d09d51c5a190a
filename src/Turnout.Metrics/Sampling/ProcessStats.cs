namespace Turnout.Metrics.Sampling;

/// <summary>This process, read through the runtime (no allocation, no /proc parsing).</summary>
internal sealed class ProcessStats : IProcessStats
{
    public TimeSpan CpuTime => Environment.CpuUsage.TotalTime;

    public long WorkingSetBytes => Environment.WorkingSet;

    public long TotalMemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
}
