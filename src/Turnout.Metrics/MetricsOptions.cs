namespace Turnout.Metrics;

/// <summary>Where metrics are kept and for how long (defaults follow CloudWatch's retention rules).</summary>
public sealed class MetricsOptions
{
    /// <summary>The SQLite file (e.g. data-dir/metrics.db); null keeps everything in memory.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>A shared store (PostgreSQL) instead of the SQLite file; when set, <see cref="DatabasePath"/> is ignored.</summary>
    internal Func<Storage.IMetricStore>? Store { get; init; }

    /// <summary>High-resolution (1-second) custom data; CloudWatch keeps it 3 hours.</summary>
    public TimeSpan HighResolutionRetention { get; init; } = TimeSpan.FromHours(3);

    public TimeSpan OneMinuteRetention { get; init; } = TimeSpan.FromDays(15);
    public TimeSpan FiveMinuteRetention { get; init; } = TimeSpan.FromDays(63);
    public TimeSpan OneHourRetention { get; init; } = TimeSpan.FromDays(455);

    /// <summary>When the store grows past this, the oldest finest-grained data goes first.</summary>
    public long MaxStorageBytes { get; init; } = 1L << 30;

    /// <summary>How often closed minutes are harvested and written.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often process CPU and memory are sampled and attributed to variants.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stripes per variant; 0 means one per core (rounded up to a power of two, at most 64).</summary>
    public int Stripes { get; init; }

    internal TimeSpan RetentionOf(int resolutionSeconds) => resolutionSeconds switch
    {
        1 => HighResolutionRetention,
        60 => OneMinuteRetention,
        300 => FiveMinuteRetention,
        _ => OneHourRetention,
    };
}
