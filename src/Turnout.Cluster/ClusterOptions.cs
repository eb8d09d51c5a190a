namespace Turnout.Cluster;

/// <summary>How this node takes part in a cluster that shares one PostgreSQL database.</summary>
public sealed record ClusterOptions
{
    /// <summary>Npgsql connection string of the shared database.</summary>
    public required string ConnectionString { get; init; }

    public required string NodeId { get; init; }

    /// <summary>Where the other nodes send invocations this node hosts.</summary>
    public required string NodeUrl { get; init; }

    /// <summary>Instances this node hosts at most.</summary>
    public int Capacity { get; init; } = Environment.ProcessorCount;

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A node whose last heartbeat is older than this is taken out of placement.</summary>
    public TimeSpan NodeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the coordinator re-plans and every node re-reads the plan.</summary>
    public TimeSpan PlacementInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Tries a request makes on other nodes before it is served locally as a last resort.</summary>
    public int ForwardAttempts { get; init; } = 3;
}
