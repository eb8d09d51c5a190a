namespace Turnout.Wire.Hosting;

/// <summary>What <c>turnout serve</c> was told.</summary>
public sealed record ServerOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:8080";
    public string DataDirectory { get; init; } = "turnout-data";
    public string? S3Root { get; init; }
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";
    /// <summary>How often alarms are evaluated against the metrics (CloudWatch evaluates every minute; deployments want faster).</summary>
    public TimeSpan AlarmEvaluationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>json (one structured line per event, the default for servers) or text (for people at a terminal).</summary>
    public string LogFormat { get; init; } = "json";

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;
}
