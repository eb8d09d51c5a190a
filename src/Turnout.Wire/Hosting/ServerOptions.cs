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

    // Auth (SECURITY.md): with no credentials file Turnout serves loopback only unless InsecureNoAuth.
    /// <summary>JSON file of SigV4 access keys (<c>--credentials</c>); null turns authentication off.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>How often the credentials file is checked for changes besides the file watcher.</summary>
    public TimeSpan CredentialsPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Allow a non-loopback address without credentials (<c>--insecure-no-auth</c>).</summary>
    public bool InsecureNoAuth { get; init; }

    /// <summary>PEM certificate for https:// URLs (<c>--tls-cert</c>); the key comes from <see cref="TlsKeyFile"/> or the same file.</summary>
    public string? TlsCertificateFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>Between evaluations of auto scaling policies (<c>--autoscaling-interval</c>).</summary>
    public TimeSpan AutoScalingInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The span InvocationsPerInstance is measured over for target tracking (<c>--autoscaling-metric-window</c>).</summary>
    public TimeSpan AutoScalingMetricWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>JSON file of ml.* instance types added to or replacing the built-in catalogue (<c>--instance-catalog</c>).</summary>
    public string? InstanceCatalogFile { get; init; }

    // Overload (SECURITY.md, README): backpressure, model timeout, the Prometheus scrape token.
    /// <summary>Requests that may wait per instance beyond the ones running (<c>--max-queue-per-instance</c>); 0 = 64 per concurrency slot of the instance type.</summary>
    public int MaxQueuePerInstance { get; init; }

    /// <summary>Longest an invocation may spend in the model (<c>--model-timeout</c>); zero turns the watchdog off.</summary>
    public TimeSpan ModelTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bearer token that lets <c>GET /metrics</c> through without SigV4 when --credentials is on (<c>--metrics-token-file</c>).</summary>
    public string? MetricsToken { get; init; }

    // Cluster store (docs/cluster.md).
    /// <summary><c>--store</c>: a postgres:// URL or Npgsql connection string; null keeps SQLite in <see cref="DataDirectory"/>.</summary>
    public string? Store { get; init; }

    /// <summary>This node's id in a shared store (metric rows, endpoint writes); unique per running node.</summary>
    public string NodeId { get; init; } = DefaultNodeId();

    /// <summary>With a shared store, how often endpoint versions are polled in case a notification was lost.</summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    private static string DefaultNodeId()
    {
        var host = new string([.. Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').Take(40)]);
        return (host.Length == 0 ? "node" : host) + "-" + Guid.NewGuid().ToString("N")[..8];
    }

    /// <summary>The URL other nodes reach this one at (<c>--node-url</c>); null: the first --urls address.</summary>
    public string? NodeUrl { get; init; }

    /// <summary>How many variant instances this node hosts at most (<c>--node-capacity</c>).</summary>
    public int NodeCapacity { get; init; } = Environment.ProcessorCount;
}
