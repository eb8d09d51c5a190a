namespace Turnout.Metrics.Sampling;

/// <summary>The process figures CPU and memory utilisation come from; tests substitute their own.</summary>
internal interface IProcessStats
{
    /// <summary>CPU time used by the process so far (all cores).</summary>
    TimeSpan CpuTime { get; }

    long WorkingSetBytes { get; }

    /// <summary>Memory available to the process (the machine's or the container limit).</summary>
    long TotalMemoryBytes { get; }
}
