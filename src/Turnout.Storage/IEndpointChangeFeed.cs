namespace Turnout.Storage;

/// <summary>
/// A store shared by several nodes tells each node when another one changed an endpoint. Notifications are
/// only wake-ups: the truth is <see cref="EndpointVersions"/>, which a node also polls in case one was lost.
/// </summary>
public interface IEndpointChangeFeed
{
    /// <summary>This node's id, recorded on every endpoint row it writes.</summary>
    string NodeId { get; }

    /// <summary>Every stored endpoint with the version of its last write and the node that wrote it.</summary>
    IReadOnlyList<EndpointVersion> EndpointVersions();

    /// <summary>Runs until cancelled, calling <paramref name="onChange"/> with an endpoint name whenever any node writes it; reconnects after failures.</summary>
    Task ListenAsync(Action<string> onChange, CancellationToken cancellationToken);
}

/// <summary>An endpoint row's version (bumped on every write, from a store-wide sequence) and the node that last wrote it.</summary>
public sealed record EndpointVersion(string Name, long Version, string? ChangedBy);
